package cli

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestQueuedStepOfAPausedFollowUp: Lily's step 2 to Hans is queued
// and held until 01:00; its enrollment, already at step 3, was paused since
// (his out-of-office, or a person). The send's last look skips a step whose
// follow-up is still paused then and puts the step back, so step 2 goes
// when the pause ends, in place of step 3; with a pause that has no end,
// nothing goes. One pause ending before the hold does not stop the step:
// step 2 goes at 01:00 and step 3 after.
func TestDigestQueuedStepOfAPausedFollowUp(t *testing.T) {
	type want struct {
		step int
		at   time.Time
	}
	cases := []struct {
		name     string
		status   keepwarm.EnrollmentStatus
		until    time.Time
		byPerson bool
		want     []want
	}{
		{"paused past the hold", keepwarm.EnrollPaused, t0.Add(3 * time.Hour), false, []want{{2, t0.Add(3 * time.Hour)}}},
		{"paused by a person, no end", keepwarm.EnrollPaused, time.Time{}, true, nil},
		{"pause ends before the hold", keepwarm.EnrollPaused, t0.Add(30 * time.Minute), false,
			[]want{{2, t0.Add(time.Hour)}, {3, t0.Add(2 * time.Hour)}}},
		{"running", keepwarm.EnrollActive, time.Time{}, false, []want{{2, t0.Add(time.Hour)}, {3, t0.Add(2 * time.Hour)}}},
		{"stopped", keepwarm.EnrollStopped, time.Time{}, false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newDigestRig(t, "")
			lily := "lily@acme-export.com"
			inq := r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry LED panels", t0.Add(-96*time.Hour)))
			msg, err := r.m.db.GetMessage(r.ctx, inq)
			r.must(err)
			enr, err := r.m.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: r.customer("domain:globex.de"),
				Sequence: "key-customer", Status: c.status, Step: 2, AnchorID: inq, AnchorAt: t0.Add(-72 * time.Hour), ClockAt: t0.Add(-72 * time.Hour),
				DueAt: t0.Add(2 * time.Hour), PausedUntil: c.until, PausedByPerson: c.byPerson, Reason: "paused",
				Mailbox: "lily", Owner: lily, To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: t0.Add(-72 * time.Hour), UpdatedAt: t0.Add(-time.Hour)})
			r.must(err)
			step, id := 1, enr.ID
			it, _, err := r.m.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: "seq:7:1", MessageID: "step2@acme-export.com",
				Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
				Subject: "Re: Inquiry LED panels", Text: "Any news?", Mode: keepwarm.ModeSend, Origin: sequences.OriginSequence,
				Sequence: "key-customer", Step: &step, Enrollment: &id, CustomerID: enr.CustomerID, ThreadID: msg.ThreadID,
				DueAt: t0.Add(-2 * time.Hour), NextAttemptAt: t0.Add(-2 * time.Hour), CreatedAt: t0.Add(-2 * time.Hour)})
			r.must(err)
			r.must(r.m.db.HoldOutbox(r.ctx, it.ID, t0.Add(time.Hour), "waits: the customer's send window opens at 01:00"))
			d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, t0)
			r.must(err)
			var got []want
			for _, s := range d.DueFollowUps {
				if s.Enrollment == id {
					got = append(got, want{s.Step, s.At.UTC()})
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("follow-ups going out: got %+v, want %+v", got, c.want)
			}
			for i := range got {
				if got[i].step != c.want[i].step || !got[i].at.Equal(c.want[i].at) {
					t.Errorf("follow-ups going out: got %+v, want %+v", got, c.want)
				}
			}
		})
	}
}
