package cli

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A follow-up step queued before its salesperson goes away is held by the
// dispatcher's last look: it stays queued, unsent, with no attempt counted
// and the reason on it (`keepwarm outbox`), and goes out once she is back
// (the rules applied again then). With sequences_while_away it goes out.
func TestQueuedStepHeldWhileTheOwnerIsAway(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		testQueuedStepHeld(t, srv, false)
	})
}

func TestQueuedStepSentWhileAwayWhenOptedIn(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		testQueuedStepHeld(t, srv, true)
	})
}

func testQueuedStepHeld(t *testing.T, srv mailtest.Server, optIn bool) {
	r := newSeqRig(t, srv, "")
	if optIn {
		b, err := os.ReadFile(r.config)
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), "name = \"Lily Chen\"\n", "name = \"Lily Chen\"\nsequences_while_away = true\n", 1))
		if err := os.WriteFile(r.config, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.start("A")
	due := day(3)
	clock := keepwarm.NewManualClock(due)
	m, engine, disp := openSeqMain(t, r, clock)
	defer m.close()
	ctx := context.Background()
	if err := engine.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("queued: %+v", lines)
	}
	id := lines[0].ID
	// Lily enters an absence on the desk after the step was queued.
	back := due.Add(48 * time.Hour)
	if _, err := m.app.DB.AddAbsence(ctx, keepwarm.Absence{Person: "lily@seller.example", From: due.Add(-time.Minute), Until: back},
		"lily@seller.example", due); err != nil {
		t.Fatal(err)
	}
	sent0, err := m.app.DB.FolderState(ctx, "lily", "Sent")
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(due.Add(10 * time.Minute))
	res, err := disp.RunOnce(ctx, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if optIn {
		if res.Sent != 1 || res.Held != 0 || r.delivered() != 1 {
			t.Fatalf("opted in: %+v, %d delivered", res, r.delivered())
		}
		return
	}
	if res.Held != 1 || res.Sent != 0 || res.Skipped != 0 || res.Failed != 0 || res.Retried != 0 || r.delivered() != 0 {
		t.Fatalf("while away: %+v, %d delivered", res, r.delivered())
	}
	item, err := m.app.DB.OutboxItem(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if item.Status != keepwarm.OutboxQueued || item.Attempts != 0 || item.NextAttemptAt.Before(back) ||
		!strings.Contains(item.LastError, "held: lily@seller.example is away (desk) until") {
		t.Fatalf("held item: %s, %d attempts, next %s, %q", item.Status, item.Attempts, item.NextAttemptAt, item.LastError)
	}
	if out := r.must(due, "outbox"); !strings.Contains(out, "held: lily@seller.example is away") {
		t.Fatalf("keepwarm outbox does not say why:\n%s", out)
	}
	// Held without logging in to the mailboxes (the last look syncs only
	// what it may send).
	if st, err := m.app.DB.FolderState(ctx, "lily", "Sent"); err != nil || !st.SyncedAt.Equal(sent0.SyncedAt) {
		t.Fatalf("Sent synced at %s for a held item (before: %s) %v", st.SyncedAt, sent0.SyncedAt, err)
	}
	// Nothing due before the hold ends; a run meanwhile sends nothing.
	clock.Set(due.Add(24 * time.Hour))
	if res, err := disp.RunOnce(ctx, clock.Now()); err != nil || res.Sent+res.Held+res.Skipped != 0 || r.delivered() != 0 {
		t.Fatalf("a day later: %+v %v, %d delivered", res, err, r.delivered())
	}
	// Back: decided again, and sent inside Hans's hours.
	clock.Set(item.NextAttemptAt)
	res, err = disp.RunOnce(ctx, clock.Now())
	if err != nil || res.Sent != 1 || r.delivered() != 1 {
		t.Fatalf("back: %+v %v, %d delivered", res, err, r.delivered())
	}
	if local := item.NextAttemptAt.In(berlin); local.Hour() < 9 || local.Hour() >= 17 {
		t.Fatalf("sent at %s Berlin time", local)
	}
	if st, err := m.app.DB.FolderState(ctx, "lily", "Sent"); err != nil || !st.SyncedAt.Equal(item.NextAttemptAt) {
		t.Fatalf("Sent synced at %s before the send at %s: %v", st.SyncedAt, item.NextAttemptAt, err)
	}
}
