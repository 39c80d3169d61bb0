package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// peterWorld is the test world with the sales director Peter in the team
// (his address is known) but with no mailbox keepwarm can send from.
func peterWorld(t *testing.T) *fuWorld {
	w := newFUWorld(t, "A")
	owner := "lily@seller.example"
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.People = map[string]string{"lily@seller.example": "lily@seller.example", "peter@seller.example": "peter@seller.example"}
	})
	return w
}

// Peter writes to Hans with Lily in Cc. No follow-up goes from Lily
// saying "my mail" above a quote of Peter's: it is not followed up, and
// the reason names him.
func TestAColleagueWithoutAMailboxIsNotFollowedUpInTheOwnersName(t *testing.T) {
	ctx := context.Background()
	w := peterWorld(t)
	w.run(day0.Add(time.Minute))
	p := w.msg("p-1@seller.example", keepwarm.KindOutbound, "New 4000K line", day0.AddDate(0, 0, 1))
	p.From = keepwarm.Address{Name: "Peter Wang", Email: "peter@seller.example"}
	p.Cc = []keepwarm.Address{{Email: "lily@seller.example"}}
	p.Text = "Hans, I would like to offer you our new 4000K line, can we talk next week?"
	p.Snippet = p.Text
	w.save("lily", "INBOX", p)
	for d := 1; d <= 6; d++ {
		w.run(day0.AddDate(0, 0, d).Add(time.Hour))
	}
	for _, it := range w.outbox() {
		if strings.Contains(it.Text, "4000K") {
			t.Fatalf("Peter's mail is followed up from %s:\n%s", it.From.Email, it.Text)
		}
	}
	skips, err := w.db.FollowUpSkips(ctx, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range skips {
		found = found || s.Reason == keepwarm.SkipNoMailbox && strings.Contains(s.Detail, "peter@seller.example")
	}
	if !found {
		t.Fatalf("no reason naming Peter: %+v", skips)
	}
}

// Peter writes in the thread Lily's quotation is followed up in, asking
// Hans something new. No resend of Lily's quotation goes over his newer
// mail, nor in her name about his: the follow-up pauses, naming him, for a
// person to follow his mail up by hand.
func TestAColleagueWithoutAMailboxInTheThreadPausesTheFollowUp(t *testing.T) {
	w := peterWorld(t)
	w.run(day0.Add(time.Minute))
	p := w.msg("p-2@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 1), "q-1@seller.example")
	p.From = keepwarm.Address{Name: "Peter Wang", Email: "peter@seller.example"}
	p.Cc = []keepwarm.Address{{Email: "lily@seller.example"}}
	p.Text = "Hans, we can do USD 17.90 if you order 1000 pcs, can you confirm by Friday?"
	p.Snippet = p.Text
	w.save("lily", "INBOX", p)
	for d := 1; d <= 8; d++ {
		w.run(day0.AddDate(0, 0, d).Add(time.Hour))
	}
	for _, it := range w.outbox() {
		if it.Origin == "sequence" {
			t.Fatalf("a step went over Peter's newer mail: In-Reply-To %s\n%s", it.InReplyTo, it.Text)
		}
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "peter@seller.example wrote in the thread after the mail of ") ||
		!strings.Contains(e.Reason, "follow that mail up by hand") {
		t.Fatalf("the follow-up: %s %q, want paused naming Peter", e.Status, e.Reason)
	}
}
