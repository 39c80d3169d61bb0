package cli

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestListsAQueuedStepGoingOut: Lily's step 2 to Hans is queued and
// held by the send's last look until 05:00 tomorrow (her sending limit was
// reached); its enrollment is already at step 3. Her digest lists it among
// the follow-ups going out before the next digest, at that time; one held
// past the next digest, or another salesperson's, is not listed.
func TestDigestListsAQueuedStepGoingOut(t *testing.T) {
	r := newDigestRig(t, "")
	step := 1
	enqueue := func(key, mailbox, from string, at time.Time) {
		it, _, err := r.m.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: key, MessageID: key + "@acme-export.com",
			Mailbox: mailbox, From: keepwarm.Address{Email: from}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
			Subject: "Re: Inquiry LED panels", Text: "Any news?", Mode: keepwarm.ModeSend, Origin: sequences.OriginSequence,
			Sequence: "key-customer", Step: &step, DueAt: t0.Add(-time.Hour), NextAttemptAt: t0.Add(-time.Hour), CreatedAt: t0.Add(-time.Hour)})
		r.must(err)
		r.must(r.m.db.HoldOutbox(r.ctx, it.ID, at, "held: the sending limit of mailbox "+mailbox+" is reached"))
	}
	enqueue("seq:7:1", "lily", "lily@acme-export.com", t0.Add(20*time.Hour))
	enqueue("seq:8:1", "lily", "lily@acme-export.com", t0.Add(26*time.Hour)) // after Tuesday's digest
	enqueue("seq:9:1", "tom", "tom@acme-export.com", t0.Add(20*time.Hour))
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0)
	r.must(err)
	if len(d.DueFollowUps) != 1 || !d.DueFollowUps[0].At.Equal(t0.Add(20*time.Hour)) || d.DueFollowUps[0].Step != 2 ||
		d.DueFollowUps[0].Sequence != "key-customer" {
		t.Errorf("follow-ups going out: %+v", d.DueFollowUps)
	}
}
