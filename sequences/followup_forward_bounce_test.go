package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The resend to Hans comes back as a delivery failure naming li.wei@, who
// is none of its recipients (Hans's server forwards to a colleague who
// left): the follow-up stops there and says so, instead of sending step 2
// and the call into the same dead forward. A failure naming Hans himself
// drops Hans, as before.
func TestADeliveryFailureNamingAnotherAddressStopsTheNextStep(t *testing.T) {
	for _, named := range []string{"li.wei@buyer.de", "hans@buyer.de"} {
		t.Run(named, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			w.run(day0.AddDate(0, 0, 3))
			resend := w.outbox()[0]
			w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
			ndr := w.msg("ndr-2@mx.buyer.de", keepwarm.KindBounce, "Undelivered Mail Returned to Sender", day0.AddDate(0, 0, 3).Add(time.Hour), resend.MessageID)
			ndr.From = keepwarm.Address{Name: "Mail Delivery System", Email: "mailer-daemon@mx.buyer.de"}
			ndr.CustomerKey, ndr.Contacts = "", nil
			ndr.BouncedRecipient = named
			ndr.Snippet = "<" + named + ">: host mx.buyer.de said: 550 5.1.1 user unknown"
			w.save("lily", "INBOX", ndr)
			for d := 4; d <= 8; d++ {
				w.run(day0.AddDate(0, 0, d))
			}
			e := w.enrollment()
			if named == "hans@buyer.de" {
				if e.Status != keepwarm.EnrollBounced {
					t.Fatalf("after Hans's own bounce: %s (%s); want bounced", e.Status, e.Reason)
				}
				return
			}
			if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "a delivery failure came back for step 1 naming li.wei@buyer.de, not one of its recipients (hans@buyer.de)") {
				t.Fatalf("after the delivery failure: %s (%s)", e.Status, e.Reason)
			}
			for _, it := range w.outbox() {
				if it.Step != nil && *it.Step == 1 {
					t.Fatalf("step 2 after the delivery failure: %+v", it)
				}
			}
		})
	}
}

// Lily's quotation went to Hans and Ute; Ute's address bounces the resend.
// Ute is dropped and the follow-up goes on to Hans: that failure names a
// recipient of the mail returned, though no longer one of the follow-up's.
func TestABounceOfADroppedRecipientDoesNotFailTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation pumps", day0.Add(time.Hour))
	q.To = []keepwarm.Address{{Email: "hans@buyer.de"}, {Email: "ute@buyer.de"}}
	q.Contacts = []keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}, {Name: "Ute Kraus", Email: "ute@buyer.de"}}
	w.save("lily", "Sent", q)
	w.run(day0.Add(2 * time.Hour))
	thread := w.threadOf("q-2@seller.example")
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	var resend keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.InReplyTo == "q-2@seller.example" {
			resend = it
		}
	}
	if len(resend.To) != 2 {
		t.Fatalf("the resend of q-2 goes to %v; the test needs Hans and Ute", resend.To)
	}
	w.sendAll(day0.AddDate(0, 0, 3).Add(3 * time.Hour))
	ndr := w.msg("ndr-3@mx.buyer.de", keepwarm.KindBounce, "Undelivered Mail Returned to Sender", day0.AddDate(0, 0, 3).Add(4*time.Hour), resend.MessageID)
	ndr.From = keepwarm.Address{Name: "Mail Delivery System", Email: "mailer-daemon@mx.buyer.de"}
	ndr.CustomerKey, ndr.Contacts = "", nil
	ndr.BouncedRecipient = "ute@buyer.de"
	w.save("lily", "INBOX", ndr)
	for d := 4; d <= 8; d++ {
		w.run(day0.AddDate(0, 0, d).Add(2 * time.Hour))
	}
	e := w.enrollmentOf(thread)
	if e.Status == keepwarm.EnrollFailed || e.Status == keepwarm.EnrollBounced {
		t.Fatalf("after Ute's bounce: %s (%s); want the follow-up going on to Hans", e.Status, e.Reason)
	}
	if len(e.To) != 1 || e.To[0].Email != "hans@buyer.de" {
		t.Fatalf("follow-up to %v; want Hans alone", e.To)
	}
}
