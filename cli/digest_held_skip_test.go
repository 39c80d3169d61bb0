package cli

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestListsAStepSkippedAfterItWasHeld: Lily's step 2 to Hans was
// queued Monday 15:00 and held by the send's last look (her Sent folder
// could not be read); Tuesday's digest saw it still queued. Tuesday 11:00
// the last look skipped it. Wednesday's digest lists it under "Follow-ups
// not sent" with why; Thursday's does not list it again.
func TestDigestListsAStepSkippedAfterItWasHeld(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	r.tickAt(t0, r.m.app.NewDigests(nil, nil)) // Monday's digest, 09:00 in Shanghai
	it := r.queueLilysStep2(t0.Add(6 * time.Hour))
	r.must(r.m.db.HoldOutbox(r.ctx, it.ID, t0.Add(26*time.Hour), "waits: mailbox lily cannot be read"))
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil)) // Tuesday's digest
	r.clock.Set(t0.Add(26 * time.Hour))
	r.must(r.m.db.MarkSkipped(r.ctx, it.ID, "not sent: its recipients changed since it was queued"))
	wed, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(48*time.Hour))
	r.must(err)
	if len(wed.NotSent) != 1 || wed.NotSent[0].ID != it.ID {
		t.Errorf("Wednesday's digest does not say the step was not sent: %+v", wed.NotSent)
	}
	r.tickAt(t0.Add(48*time.Hour), r.m.app.NewDigests(nil, nil)) // Wednesday's digest
	thu, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(72*time.Hour))
	r.must(err)
	if len(thu.NotSent) != 0 {
		t.Errorf("Thursday's digest says again the step was not sent: %+v", thu.NotSent)
	}
}

// queueLilysStep2 queues step 2 of Lily's follow-up to Hans at queued, as
// the follow-up job queues it.
func (r *digestRig) queueLilysStep2(queued time.Time) keepwarm.OutboxItem {
	step := 1
	it, _, err := r.m.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: "seq:7:1", MessageID: "step2@acme-export.com",
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme-export.com"}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		Subject: "Re: Inquiry LED panels", Text: "Any news?", Mode: keepwarm.ModeSend, Origin: sequences.OriginSequence,
		Sequence: "key-customer", Step: &step, DueAt: queued, NextAttemptAt: queued, CreatedAt: queued})
	r.must(err)
	return it
}
