package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Hans's out-of-office answered the quotation: he is back 2 December. A
// week later Lily sends him a new offer in a new thread, and his server
// does not answer again (Exchange answers a sender once per absence). The
// new follow-up is paused until his return too: nothing goes to his inbox
// while he is away.
func TestAnAbsenceIsTheContactsNotOneThreads(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour), "q-1@seller.example")
	ooo.AutoReplyUntil = time.Date(2026, 12, 2, 0, 0, 0, 0, berlin)
	w.save("lily", "INBOX", ooo)
	w.run(day0.Add(2 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused {
		t.Fatalf("the quotation's follow-up: %s (%s)", e.Status, e.Reason)
	}
	w.save("lily", "Sent", w.mail("q-9@seller.example", keepwarm.KindOutbound, "hans", "Offer LED strips",
		"Dear Hans, please find our offer for the LED strips.", day0.AddDate(0, 0, 9)))
	for d := 9; d <= 29; d++ {
		w.run(day0.AddDate(0, 0, d).Add(10 * time.Minute))
	}
	b := w.enrollmentOf(w.threadOf("q-9@seller.example"))
	if b.Status != keepwarm.EnrollPaused || !strings.HasPrefix(b.Reason, "out of office: hans@buyer.de") {
		t.Fatalf("the new offer's follow-up: %s (%s)", b.Status, b.Reason)
	}
	for _, it := range w.outbox() {
		t.Fatalf("mail to Hans while he is away: %s %+v", it.DueAt.In(berlin), it)
	}
	w.run(time.Date(2026, 12, 2, 9, 0, 0, 0, berlin))
	w.run(time.Date(2026, 12, 2, 9, 5, 0, 0, berlin))
	if n := len(w.outbox()); n != 1 {
		t.Fatalf("on his return day: %d item(s)", n)
	}
}

// Hans comes back early: a week into his absence he writes from the
// office in a new thread. Lily's offer after that is followed up on its
// own days; his out-of-office, over by his own mail, pauses nothing.
func TestAnAbsenceEndsWithTheContactsOwnMail(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.Add(time.Hour), "q-1@seller.example")
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
	n := 0
	for _, it := range w.outbox() {
		if it.Enrollment != nil && *it.Enrollment == b.ID {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the new offer's first step: %d item(s); %s (%s) due %v", n, b.Status, b.Reason, b.DueAt)
	}
}
