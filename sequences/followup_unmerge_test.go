package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// Lily's resend is queued when the manager merges her customer into Tom's
// by mistake; the last look skips it and stops the follow-up. The merge is
// undone and the follow-up resumed: the skipped step is done again, under a
// new key, not passed over for the next one.
func TestAResumedFollowUpRedoesTheStepAMergeStopped(t *testing.T) {
	ctx := context.Background()
	w := newHandsWorld(t, time.Time{})
	item := w.queued()
	due := day0.AddDate(0, 0, 3)
	m := w.msg("t-1@initech.example", keepwarm.KindInbound, "Hello", day0)
	m.CustomerKey = "domain:initech.example"
	m.From = keepwarm.Address{Name: "Ana Ruiz", Email: "ana@initech.example"}
	m.Contacts = []keepwarm.Address{m.From}
	w.save("lily", "INBOX", m)
	other, err := w.db.ResolveCustomer(ctx, "ana@initech.example")
	if err != nil || other.ID == w.cid {
		t.Fatalf("Ana's customer: %+v %v", other, err)
	}
	owner := tom
	if err := w.db.SetCustomer(ctx, other.ID, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.MergeCustomers(ctx, other.ID, w.cid, due.Add(10*time.Minute), "manager"); err != nil {
		t.Fatal(err)
	}
	reason, err := w.job.Recheck(ctx, item, due.Add(20*time.Minute))
	if err != nil || !strings.Contains(reason, "is stopped") {
		t.Fatalf("Recheck after the merge: %q %v", reason, err)
	}
	if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil { // the dispatcher's part
		t.Fatal(err)
	}
	if _, err := w.db.UnmergeCustomer(ctx, w.cid, due.Add(30*time.Minute), "manager"); err != nil {
		t.Fatal(err)
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollPaused {
		t.Fatalf("after the unmerge: %s %q", e.Status, e.Reason)
	}
	if _, err := w.job.Resume(ctx, e.ID, due.Add(40*time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.run(due.Add(41 * time.Minute))
	var again []keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.ID != item.ID {
			again = append(again, it)
		}
	}
	if len(again) != 1 || again[0].Step == nil || *again[0].Step != *item.Step || again[0].Key == item.Key {
		t.Fatalf("after the resume, step %d (%s) was skipped; queued: %+v", *item.Step, item.Key, again)
	}
}
