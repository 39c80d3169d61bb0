package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// An item the dispatcher skips, fails or marks uncertain long after its
// due time is dated by the store's clock, and the digest's look for
// greetings and letters that ended in its period finds exactly those
// (due before it, not dry-run records, not follow-up steps) through the
// index on ended_at, without reading the outbox.
func TestEndedUnsentDatesByTheClockAndReadsThroughTheIndex(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	due := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := due
	db.SetClock(func() time.Time { return now })
	enqueue := func(key, origin string, mode keepwarm.SendMode) int64 {
		t.Helper()
		it := testItem(key, due)
		it.Origin, it.Mode = origin, mode
		if origin != "sequence" {
			it.Sequence, it.Step = "", nil
		}
		x, _, err := db.Enqueue(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	letter := enqueue("letter:1:2026-12", "letter", keepwarm.ModeSend)
	greeting := enqueue("greet:1:birthday:2026", "greeting", keepwarm.ModeSend)
	dry := enqueue("greet:2:birthday:2026", "greeting", keepwarm.ModeDryRun)
	step := enqueue("seq:1:1", "sequence", keepwarm.ModeSend)
	early := enqueue("greet:3:birthday:2026", "greeting", keepwarm.ModeSend)

	now = due.Add(2 * time.Hour) // before the next digest
	if err := db.MarkSkipped(ctx, early, "not sent"); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2027, 1, 2, 10, 0, 0, 0, time.UTC) // a month on: the first sync is done
	for _, id := range []int64{letter, dry, step} {
		if err := db.MarkSkipped(ctx, id, "month (2026-12) ended: not sent late"); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := db.Claim(ctx, greeting, now); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkUncertain(ctx, greeting, "smtp: EOF after DATA"); err != nil {
		t.Fatal(err)
	}
	got, err := db.OutboxItem(ctx, letter)
	if err != nil {
		t.Fatal(err)
	}
	if !got.EndedAt.Equal(now) {
		t.Errorf("the letter skipped on 2 January is dated %v, want %v", got.EndedAt, now)
	}

	since := time.Date(2027, 1, 2, 0, 30, 0, 0, time.UTC)
	items, err := db.EndedUnsent(ctx, since, since.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
		if !it.DueAt.Equal(due) || it.Text != "" {
			t.Errorf("%s: due %v, text %q: want its due time and no body", it.Key, it.DueAt, it.Text)
		}
	}
	slices.Sort(keys)
	if want := []string{"greet:1:birthday:2026", "letter:1:2026-12"}; !slices.Equal(keys, want) {
		t.Errorf("ended in the period: %v, want %v", keys, want)
	}

	plan, err := explain(db, q("outbox-ended-unsent"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plan, "SCAN outbox") || !strings.Contains(plan, "USING INDEX outbox_ended") {
		t.Errorf("the digest's look for ended greetings does not read through outbox_ended:\n%s", plan)
	}
}
