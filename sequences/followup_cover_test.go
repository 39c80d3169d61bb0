package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// A colleague covering for the owner writes in the thread to the buyer:
// the follow-up restarts on her mail and goes on in her name, so "my mail"
// and the mail it quotes are the same person's, as when a colleague's
// quotation is followed up. Her call task is hers too.
func TestAColleaguesMailInTheThreadIsFollowedUpInHerName(t *testing.T) {
	w := newFUWorld(t, "A")
	wang := "wang@seller.example"
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Identities = append(c.Identities, sequences.Identity{Mailbox: "wang", Owner: wang, Email: wang, Name: "Wang Fang", Signature: "Wang Fang\nExport Sales"})
		c.People = map[string]string{"lily@seller.example": "lily@seller.example", wang: wang}
	})
	w.run(day0.Add(time.Minute))
	m := w.msg("w-1@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 2), "q-1@seller.example")
	m.From = keepwarm.Address{Name: "Wang Fang", Email: wang}
	m.Text = "Hans, Lily is away this week; do you need anything on the quotation?"
	w.save("wang", "Sent", m)
	w.run(day0.AddDate(0, 0, 2).Add(time.Hour))
	w.run(day0.AddDate(0, 0, 7)) // the restarted resend falls on Saturday: Monday
	items := w.outbox()
	if len(items) != 1 {
		t.Fatalf("items: %+v %+v", items, w.enrollment())
	}
	r := items[0]
	if r.InReplyTo != "w-1@seller.example" || r.From.Email != wang || r.Mailbox != "wang" || r.From.Name != "Wang Fang" ||
		!strings.Contains(r.Text, "Wang Fang\nExport Sales") || strings.Contains(r.Text, "Lily Chen") {
		t.Fatalf("from %s %q (%s), in reply to %s:\n%s", r.From.Email, r.From.Name, r.Mailbox, r.InReplyTo, r.Text)
	}
	if e := w.enrollment(); e.Owner != wang {
		t.Fatalf("owner %s", e.Owner)
	}
}
