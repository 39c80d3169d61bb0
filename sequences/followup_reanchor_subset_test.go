package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily sends the quotation to Hans with Ute in Cc, then writes by hand in
// the thread to Hans alone with a price meant for him. The resend follows
// up that mail: it goes to Hans only, never quoting it to Ute, who did not
// get it.
func TestAHandMailToOneBuyerIsFollowedUpToHimOnly(t *testing.T) {
	w := newFUWorld(t, "A")
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
	q.To, q.Cc = []keepwarm.Address{{Email: hans.Email}}, []keepwarm.Address{{Email: ute.Email}}
	q.Contacts = []keepwarm.Address{hans, ute}
	q.Text = "Dear Hans, please find our quotation for the LED strips attached."
	w.save("lily", "Sent", q)
	w.run(day0.Add(2 * time.Hour))
	thread := w.threadOf("q-2@seller.example")
	if e := w.enrollmentOf(thread); emails(e.To) != hans.Email+","+ute.Email {
		t.Fatalf("the quotation is not followed up to Hans and Ute: %+v", e.To)
	}
	side := w.msg("q-hans@seller.example", keepwarm.KindOutbound, "Re: Quotation LED strips", day0.AddDate(0, 0, 1), "q-2@seller.example")
	side.To, side.Contacts = []keepwarm.Address{{Email: hans.Email}}, []keepwarm.Address{hans}
	side.Text = "Hans, between us, we can go 5% lower if you order by Friday. Could you confirm?"
	w.save("lily", "Sent", side)
	w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
	for d := 2; d <= 8; d++ {
		w.run(day0.AddDate(0, 0, d).Add(time.Hour))
	}
	var resend *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.ThreadID == thread {
			resend = &it
		}
	}
	if resend == nil {
		t.Fatalf("no resend of the mail to Hans: %+v", w.outbox())
	}
	if got := emails(append(resend.To, resend.Cc...)); got != hans.Email {
		t.Fatalf("the follow-up of the mail to Hans alone goes to %s:\n%s", got, resend.Text)
	}
	if !strings.Contains(resend.Text, "5% lower") || resend.InReplyTo != "q-hans@seller.example" {
		t.Fatalf("the resend does not follow up the mail to Hans: In-Reply-To %s\n%s", resend.InReplyTo, resend.Text)
	}
}
