package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Two days after the quotation to Hans, Lily writes in the same thread to
// his colleague Ute only ("Hans seems busy"). That mail is not Hans's: the
// resend goes to him on the quotation's clock, quoting the quotation, never
// the mail to Ute.
func TestAThreadMailToOthersOnlyIsNotTheNewAnchor(t *testing.T) {
	w := newFUWorld(t, "A")
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
	q.Text = "Dear Hans, please find our quotation for the LED strips attached."
	w.save("lily", "Sent", q)
	w.run(day0.Add(2 * time.Hour))
	thread := w.threadOf("q-2@seller.example")
	side := w.msg("q-ute@seller.example", keepwarm.KindOutbound, "Re: Quotation LED strips", day0.AddDate(0, 0, 2), "q-2@seller.example")
	side.To, side.Contacts = []keepwarm.Address{{Email: ute.Email}}, []keepwarm.Address{ute}
	side.Text = "Hi Ute, Hans seems busy, could you look at this?"
	w.save("lily", "Sent", side)
	w.run(day0.AddDate(0, 0, 2).Add(time.Minute))
	e := w.enrollmentOf(thread)
	if strings.Contains(e.Reason, "restarted") {
		t.Fatalf("the mail to Ute restarted Hans's follow-up: %+v", e)
	}
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	var resend *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.ThreadID == e.ThreadID {
			resend = &it
		}
	}
	if resend == nil {
		t.Fatalf("no resend to Hans on the quotation's day 3: %+v", w.outbox())
	}
	if resend.InReplyTo != "q-2@seller.example" || strings.Contains(resend.Text, "Hans seems busy") ||
		emails(resend.To) != hans.Email || !strings.Contains(resend.Text, "LED strips attached") {
		t.Fatalf("the resend quotes the mail to Ute or goes elsewhere: In-Reply-To %s To %s\n%s", resend.InReplyTo, emails(resend.To), resend.Text)
	}
}
