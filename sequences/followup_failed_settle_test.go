package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// failResend queues the resend on day 3 and has the dispatcher end it
// uncertain (the connection dropped after DATA): the follow-up fails and
// waits for a person.
func (w *fuWorld) failResend() keepwarm.OutboxItem {
	w.t.Helper()
	ctx := context.Background()
	at := day0.AddDate(0, 0, 3)
	w.run(at)
	items, err := w.db.ClaimDue(ctx, at.Add(time.Minute), 10)
	if err != nil || len(items) != 1 {
		w.t.Fatalf("claimed %d: %v", len(items), err)
	}
	if err := w.db.MarkUncertain(ctx, items[0].ID, "connection lost after DATA"); err != nil {
		w.t.Fatal(err)
	}
	if err := w.job.Settled(ctx, items[0], keepwarm.OutboxUncertain, "connection lost after DATA", nil, at.Add(time.Minute)); err != nil {
		w.t.Fatal(err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollFailed {
		w.t.Fatalf("not failed: %s (%s)", e.Status, e.Reason)
	}
	return items[0]
}

// A follow-up that failed waits for a person; the customer's answer, or
// a newer mail followed up, settles it so nobody is asked about a mail
// to a customer who wrote back or is chased in two threads.
func TestAFailedFollowUpIsSettledByWhatHappensNext(t *testing.T) {
	ctx := context.Background()
	t.Run("the customer answers", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		item := w.failResend()
		w.save("lily", "INBOX", w.mail("a-1@buyer.de", keepwarm.KindInbound, "hans", "Re: Quotation LED panels", "Thanks, we will check.", day0.AddDate(0, 0, 4), "q-1@seller.example"))
		w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
		if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || !strings.Contains(e.Reason, "answered by hans@buyer.de") {
			t.Fatalf("after the answer: %s (%s)", e.Status, e.Reason)
		}
		if failed, err := w.db.FailedEnrollments(ctx, store.Viewer{Manager: true}); err != nil || len(failed) != 0 {
			t.Fatalf("still on the desk as failed: %+v %v", failed, err)
		}
		if it := w.item(item.ID); it.SettledAt.IsZero() {
			t.Fatalf("the uncertain resend still needs someone: %+v", it)
		}
	})
	t.Run("the salesperson writes in the thread", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		first := w.enrollment()
		w.failResend()
		w.save("lily", "Sent", w.mail("q-1b@seller.example", keepwarm.KindOutbound, "hans", "Re: Quotation LED panels",
			"Dear Hans, did my quotation reach you? Here it is again.", day0.AddDate(0, 0, 4), "q-1@seller.example"))
		w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
		a, err := w.db.GetEnrollment(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != keepwarm.EnrollSuperseded || len(liveOf(t, w)) != 1 {
			t.Fatalf("the failed follow-up: %s (%s); live %+v", a.Status, a.Reason, liveOf(t, w))
		}
		for _, act := range []func() (keepwarm.Enrollment, error){
			func() (keepwarm.Enrollment, error) {
				return w.job.Arrived(ctx, first.ID, "lily@seller.example", day0.AddDate(0, 0, 5))
			},
			func() (keepwarm.Enrollment, error) { return w.job.SendAgain(ctx, first.ID, day0.AddDate(0, 0, 5)) },
			func() (keepwarm.Enrollment, error) { return w.job.Resume(ctx, first.ID, day0.AddDate(0, 0, 5)) },
		} {
			if _, err := act(); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
				t.Fatalf("acting on the superseded follow-up: %v", err)
			}
		}
		if n := len(liveOf(t, w)); n != 1 {
			t.Fatalf("%d live follow-ups of one thread", n)
		}
	})
	t.Run("a newer mail in another thread", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		first := w.enrollment()
		w.failResend()
		w.save("lily", "Sent", w.mail("q-2@seller.example", keepwarm.KindOutbound, "hans", "Offer LED strips",
			"Dear Hans, please find our offer for the LED strips.", day0.AddDate(0, 0, 4)))
		w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
		if a, _ := w.db.GetEnrollment(ctx, first.ID); a.Status != keepwarm.EnrollSuperseded {
			t.Fatalf("the failed follow-up: %s (%s)", a.Status, a.Reason)
		}
		if _, err := w.job.SendAgain(ctx, first.ID, day0.AddDate(0, 0, 5)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			t.Fatalf("send again on the superseded follow-up: %v", err)
		}
	})
	t.Run("resumed on a thread followed up again", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		first := w.enrollment()
		w.failResend()
		// Another follow-up of the same mail (a person enrolled it again).
		again := first
		again.ID, again.Status, again.Rev, again.Reason = 0, keepwarm.EnrollActive, 0, ""
		if _, err := w.db.Enroll(ctx, again); err != nil {
			t.Fatal(err)
		}
		_, err := w.job.SendAgain(ctx, first.ID, day0.AddDate(0, 0, 5))
		if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "already followed up") {
			t.Fatalf("send again on a thread followed up again: %v", err)
		}
	})
}

// The resend ended uncertain (it may have reached Hans, or not), then Lily
// wrote him a newer mail that is followed up. The failed follow-up is
// superseded, but whether its resend went out is still for a person to
// check: the uncertain item stays unsettled, listed with "I dealt with it".
func TestSupersedingLeavesAnUncertainSendForAPerson(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	first := w.enrollment()
	item := w.failResend()
	w.save("lily", "Sent", w.mail("q-2@seller.example", keepwarm.KindOutbound, "hans", "Offer LED strips",
		"Dear Hans, please find our offer for the LED strips.", day0.AddDate(0, 0, 4)))
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	if a, _ := w.db.GetEnrollment(context.Background(), first.ID); a.Status != keepwarm.EnrollSuperseded {
		t.Fatalf("the failed follow-up: %s (%s)", a.Status, a.Reason)
	}
	if it := w.item(item.ID); !it.SettledAt.IsZero() || it.Status != keepwarm.OutboxUncertain {
		t.Fatalf("the uncertain resend was settled without anyone checking it: %+v", it)
	}
}
