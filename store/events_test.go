package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"keepwarm"
)

// The events read once for a run answer every candidate as seq-events
// does, with and without the whole company counting, on a realistic
// history (answers in the thread, from the recipients, from colleagues,
// auto-replies, manual outbound, free-mail buyers).
func TestEnrollmentEventsSinceMatchesTheQuery(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	last := saveHistory(t, db, 4000)
	since := last.Add(-20 * 24 * time.Hour)
	cands, err := db.EnrollCandidates(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) < 50 {
		t.Fatalf("%d candidates: the history is too small to test", len(cands))
	}
	events, err := db.EnrollmentEventsSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	some := 0
	for _, c := range cands {
		anchor, err := db.GetMessage(ctx, c.AnchorID)
		if err != nil {
			t.Fatal(err)
		}
		e := keepwarm.Enrollment{ThreadID: c.ThreadID, CustomerID: c.CustomerID, AnchorID: c.AnchorID, AnchorAt: c.AnchorAt, To: anchor.Contacts}
		for _, company := range []bool{false, true} {
			want, err := db.EnrollmentEvents(ctx, e, company)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := events(e, company)
			if !ok {
				t.Fatalf("anchor %s after %s not answered from the log", c.AnchorAt, since)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("candidate %+v company=%v:\nlog   %+v\nquery %+v", c, company, got, want)
			}
			some += len(want)
		}
	}
	if some == 0 {
		t.Fatal("no candidate had any event: the comparison says nothing")
	}
	if _, ok := events(keepwarm.Enrollment{AnchorAt: since.Add(-time.Second)}, false); ok {
		t.Fatal("an anchor before the log's start was answered from it")
	}
}
