package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

func testItem(key string, due time.Time) keepwarm.OutboxItem {
	step := 1
	return keepwarm.OutboxItem{
		Key:        key,
		MessageID:  keepwarm.NewMessageID("seller.example"),
		Mailbox:    "team",
		From:       keepwarm.Address{Name: "Li Wei", Email: "li@seller.example"},
		To:         []keepwarm.Address{{Name: "Bob", Email: "bob@buyer.example"}},
		Subject:    "Re: Quotation",
		Text:       "Did you receive my mail?",
		InReplyTo:  "q1@seller.example",
		References: []string{"a@x", "q1@seller.example"},
		Mode:       keepwarm.ModeSend,
		Origin:     "sequence",
		Sequence:   "key-customer",
		Step:       &step,
		DueAt:      due,
		CreatedAt:  due.Add(-time.Hour),
	}
}

func TestEnqueueIsIdempotentOnKey(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	due := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	a, created, err := db.Enqueue(ctx, testItem("seq:1:1", due))
	if err != nil || !created {
		t.Fatalf("first enqueue: created=%v err=%v", created, err)
	}
	if a.Status != keepwarm.OutboxQueued || !a.NextAttemptAt.Equal(due) || a.Step == nil || *a.Step != 1 {
		t.Fatalf("first enqueue stored %+v", a)
	}
	if len(a.References) != 2 || a.References[1] != "q1@seller.example" || a.To[0].Email != "bob@buyer.example" {
		t.Fatalf("round trip lost fields: %+v", a)
	}
	other := testItem("seq:1:1", due.Add(48*time.Hour))
	other.Subject = "changed"
	b, created, err := db.Enqueue(ctx, other)
	if err != nil || created {
		t.Fatalf("second enqueue: created=%v err=%v", created, err)
	}
	if b.ID != a.ID || b.Subject != "Re: Quotation" {
		t.Fatalf("second enqueue returned %+v, want the existing row %d", b, a.ID)
	}
	all, err := db.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil || len(all) != 1 {
		t.Fatalf("list = %d items, %v; want 1", len(all), err)
	}
}

func TestEnqueueRejectsIncompleteItems(t *testing.T) {
	db := openTest(t)
	it := testItem("k", time.Unix(1e9, 0))
	it.To = nil
	if _, _, err := db.Enqueue(context.Background(), it); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("no recipient: err = %v, want EINVALID", err)
	}
}

func TestClaimAndTransitions(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	for i, k := range []string{"a", "b", "c"} {
		if _, _, err := db.Enqueue(ctx, testItem(k, now.Add(time.Duration(i-1)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ClaimDue(ctx, now, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Key != "a" || got[1].Key != "b" {
		t.Fatalf("claimed %v, want a and b", got)
	}
	if got[0].Status != keepwarm.OutboxSending || got[0].Attempts != 1 || !got[0].AttemptedAt.Equal(now) {
		t.Fatalf("claimed item %+v: want sending with one attempt", got[0])
	}
	again, _ := db.ClaimDue(ctx, now, 10)
	if len(again) != 0 {
		t.Fatalf("claimed twice: %v", again)
	}
	stuck, _ := db.StuckSending(ctx)
	if len(stuck) != 2 {
		t.Fatalf("stuck = %d, want 2", len(stuck))
	}
	if err := db.MarkSent(ctx, got[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, got[0].ID, now); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("second MarkSent: %v, want ECONFLICT", err)
	}
	if err := db.MarkRetry(ctx, got[1].ID, now.Add(time.Minute), "451 busy"); err != nil {
		t.Fatal(err)
	}
	b, _ := db.OutboxItem(ctx, got[1].ID)
	if b.Status != keepwarm.OutboxQueued || b.LastError != "451 busy" || !b.NextAttemptAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("after retry: %+v", b)
	}
	pending, _ := db.PendingAppend(ctx)
	if len(pending) != 1 || pending[0].ID != got[0].ID {
		t.Fatalf("pending append = %v", pending)
	}
	if err := db.MarkAppended(ctx, got[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.SentCount(ctx, "team", now.Add(-time.Hour), now.Add(time.Hour)); n != 1 {
		t.Fatalf("sent count = %d, want 1", n)
	}
	last, ok, _ := db.LastSentAt(ctx, "team")
	if !ok || !last.Equal(now) {
		t.Fatalf("last sent = %v %v", last, ok)
	}
	next, ok, _ := db.NextDue(ctx, "team")
	if !ok || !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("next due = %v %v", next, ok)
	}
	sent, _ := db.ListOutbox(ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxSent}})
	if len(sent) != 1 || sent[0].Key != "a" || sent[0].SentAt.IsZero() {
		t.Fatalf("list sent = %v", sent)
	}
	if _, err := db.OutboxItem(ctx, 999); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("missing item: %v", err)
	}
}
