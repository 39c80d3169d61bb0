package cli

import (
	"testing"
	"time"
)

// TestDigestListsAStepSkippedOnTheDeskOnce: Lily's step 2 to Hans was
// queued Monday 15:00 and held by the send's last look until Tuesday 17:00
// (his send window). Monday 17:00 she pressed Skip on the desk. Tuesday's
// digest lists it under "Follow-ups not sent"; Wednesday's does not list it
// again, though the time it was held until fell after Tuesday's digest.
func TestDigestListsAStepSkippedOnTheDeskOnce(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	r.tickAt(t0, r.m.app.NewDigests(nil, nil)) // Monday's digest, 09:00 in Shanghai
	it := r.queueLilysStep2(t0.Add(6 * time.Hour))
	r.must(r.m.db.HoldOutbox(r.ctx, it.ID, t0.Add(32*time.Hour), "waits: the customer's send window opens Tuesday 17:00"))
	r.must(r.m.db.SkipQueued(r.ctx, it.ID, "skipped by lily@acme-export.com", t0.Add(8*time.Hour)))
	tue, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(24*time.Hour))
	r.must(err)
	if len(tue.NotSent) != 1 || tue.NotSent[0].ID != it.ID {
		t.Errorf("Tuesday's digest does not say the step was not sent: %+v", tue.NotSent)
	}
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil)) // Tuesday's digest
	wed, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(48*time.Hour))
	r.must(err)
	if len(wed.NotSent) != 0 {
		t.Errorf("Wednesday's digest says again the step was not sent: %+v", wed.NotSent)
	}
}
