package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily writes to hans@buyer.de, an alias; Exchange answers From his
// primary address, hans.meier@buyer.de: on leave until 2 December. Two
// days later she sends him a new offer in a new thread, and Exchange does
// not answer again (once per sender per absence). The new follow-up is
// paused until his return too: the out-of-office came in the thread of a
// mail to the address followed up.
func TestAnAbsenceFromThePrimaryAddressCarriesToTheNextFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour), "q-1@seller.example")
	ooo.From = keepwarm.Address{Name: "Hans Meier", Email: "hans.meier@buyer.de"}
	ooo.Contacts = []keepwarm.Address{{Name: "Hans Meier", Email: "hans.meier@buyer.de"}}
	ooo.AutoReplyUntil = time.Date(2026, 12, 2, 0, 0, 0, 0, berlin)
	w.save("lily", "INBOX", ooo)
	w.run(day0.Add(2 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused {
		t.Fatalf("the quotation's follow-up: %s (%s)", e.Status, e.Reason)
	}
	w.save("lily", "Sent", w.mail("q-9@seller.example", keepwarm.KindOutbound, "hans", "Offer LED strips",
		"Dear Hans, please find our offer for the LED strips.", day0.AddDate(0, 0, 2)))
	for d := 2; d <= 20; d++ {
		w.run(day0.AddDate(0, 0, d).Add(10 * time.Minute))
	}
	b := w.enrollmentOf(w.threadOf("q-9@seller.example"))
	if b.Status != keepwarm.EnrollPaused || !strings.HasPrefix(b.Reason, "out of office") {
		t.Fatalf("the new offer's follow-up: %s (%s)", b.Status, b.Reason)
	}
	for _, it := range w.outbox() {
		t.Fatalf("mail to Hans while he is away: %s %+v", it.DueAt.In(berlin), it)
	}
}

// Hans came back early and wrote from hans@buyer.de, the alias Lily
// writes to: his out-of-office From hans.meier@buyer.de is over, and her
// new offer after that is followed up on its own days.
func TestAnAbsenceFromThePrimaryAddressEndsWithMailFromTheAlias(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour), "q-1@seller.example")
	ooo.From = keepwarm.Address{Name: "Hans Meier", Email: "hans.meier@buyer.de"}
	ooo.Contacts = []keepwarm.Address{{Name: "Hans Meier", Email: "hans.meier@buyer.de"}}
	ooo.AutoReplyUntil = day0.AddDate(0, 0, 45)
	w.save("lily", "INBOX", ooo)
	w.run(day0.Add(2 * time.Hour))
	w.save("lily", "INBOX", w.mail("in-8@buyer.de", keepwarm.KindInbound, "hans", "Request 200 pcs",
		"Dear Lily, we are back. Please quote 200 pcs.", day0.AddDate(0, 0, 8)))
	w.run(day0.AddDate(0, 0, 8).Add(time.Minute))
	w.save("lily", "Sent", w.mail("q-9@seller.example", keepwarm.KindOutbound, "hans", "Offer LED strips",
		"Dear Hans, please find our offer for the LED strips.", day0.AddDate(0, 0, 9)))
	for d := 9; d <= 15; d++ {
		w.run(day0.AddDate(0, 0, d).Add(10 * time.Minute))
	}
	b := w.enrollmentOf(w.threadOf("q-9@seller.example"))
	if !b.Status.Live() || strings.HasPrefix(b.Reason, "out of office") {
		t.Fatalf("the new offer's follow-up after Hans wrote: %s (%s)", b.Status, b.Reason)
	}
}
