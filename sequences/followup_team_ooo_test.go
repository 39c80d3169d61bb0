package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Lily's quotation to Hans went Cc to her colleague Bob, whose
// out-of-office answers in the thread. The team's own absence is not the
// customer's: Hans's follow-up is not paused, and the resend goes on day 3.
func TestATeammatesOutOfOfficeDoesNotPauseTheCustomersFollowUp(t *testing.T) {
	for _, c := range []struct {
		name, from string
		team       func(*sequences.FollowUpConfig)
	}{
		{"an address at an internal domain", "bob@seller.example", func(c *sequences.FollowUpConfig) {
			c.IsTeam = func(email string) bool { return strings.HasSuffix(strings.ToLower(email), "@seller.example") }
		}},
		{"a salesperson's address", "tom@seller-cn.example", func(c *sequences.FollowUpConfig) {
			c.People["tom@seller-cn.example"] = "tom@seller-cn.example"
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(c.team)
			q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
			q.Cc = []keepwarm.Address{{Name: "Bob", Email: c.from}}
			w.save("lily", "Sent", q)
			w.run(day0.Add(2 * time.Hour))
			ooo := w.msg("ooo-bob@seller.example", keepwarm.KindAutoReply, "Automatic reply: Quotation LED strips", day0.Add(3*time.Hour), "q-2@seller.example")
			ooo.From, ooo.To = keepwarm.Address{Name: "Bob", Email: c.from}, []keepwarm.Address{{Email: "lily@seller.example"}}
			ooo.CustomerKey, ooo.Contacts = "", nil
			ooo.AutoReplyUntil = time.Date(2026, 11, 24, 0, 0, 0, 0, berlin)
			w.save("lily", "INBOX", ooo)
			w.run(day0.Add(4 * time.Hour))
			e := w.enrollmentOf(w.threadOf("q-2@seller.example"))
			if e.Status != keepwarm.EnrollActive || strings.Contains(e.Reason, "out of office") {
				t.Fatalf("the teammate's out-of-office paused the follow-up: %s %q", e.Status, e.Reason)
			}
			w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
			var resend bool
			for _, it := range w.outbox() {
				resend = resend || it.InReplyTo == "q-2@seller.example"
			}
			if !resend {
				t.Fatalf("no resend on day 3: %+v", w.outbox())
			}
		})
	}
}
