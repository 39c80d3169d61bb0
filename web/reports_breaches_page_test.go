package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A team whose customers write at night against a wall-clock target has
// thousands of breaches in 30 days: the replies page lists 50 (oldest
// first, with their links), of mail still waiting the 50 waiting longest,
// and says how many more the CSV holds; the CSV has them all.
func TestRepliesPageListsFiftyBreaches(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	first := now0.AddDate(0, 0, -20)
	const n = 70
	for i := range n {
		r.save("lily", "INBOX", msg(fmt.Sprintf("late-%02d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Night order %02d", i),
			"bob@acme.com", "Bob Stone", first.Add(time.Duration(i)*time.Hour)))
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0.Add(2*time.Hour), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0.Add(2 * time.Hour))

	code, csvBody := mgr.get("/reports/replies?format=csv&table=breaches")
	rows := strings.Count(strings.TrimSpace(csvBody), "\n")
	if code != http.StatusOK || rows < n || !strings.Contains(csvBody, "Night order 00") || !strings.Contains(csvBody, "Night order 69") {
		t.Fatalf("breaches CSV (%d rows): %d\n%s", rows, code, csvBody)
	}
	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d\n%s", code, body)
	}
	if got := strings.Count(body, `<li id="breach-`); got != 50 {
		t.Fatalf("the page lists %d breaches, want 50", got)
	}
	mustContain(t, "the breaches shown", body, `id="breaches-more"`,
		fmt.Sprintf("50 are listed, oldest first: the mail still waiting, from the longest waiting, then the most recently answered late; %d more are in the CSV.", rows-50),
		fmt.Sprintf(`<span class="count">%d</span>`, rows),
		"Night order 00", path(`href="/messages/%d"`, r.idOf("late-00@acme.com")), "Night order 49")
	mustLack(t, "the breaches shown", body, "Night order 50", "Night order 69")
}

// Sixty night mails of the last two days answered a few hours late, and
// one customer mail of twenty days ago still unanswered: the page lists
// the forgotten one, the only breach anyone can still act on, with its
// links, and fills the rest with the most recent answered late.
func TestRepliesPageListsTheMailStillWaitingFirst(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.save("lily", "INBOX", msg("forgotten@acme.com", keepwarm.KindInbound, "Price for 2027", "bob@acme.com", "Bob Stone", now0.AddDate(0, 0, -20)))
	first := now0.Add(-48 * time.Hour)
	const n = 60
	for i := range n {
		id := fmt.Sprintf("night-%02d@acme.com", i)
		at := first.Add(time.Duration(i) * 30 * time.Minute)
		r.save("lily", "INBOX", msg(id, keepwarm.KindInbound, fmt.Sprintf("Night order %02d", i), "bob@acme.com", "Bob Stone", at))
		m := msg(id+"-re", keepwarm.KindOutbound, fmt.Sprintf("Re: Night order %02d", i), "bob@acme.com", "", at.Add(3*time.Hour))
		m.InReplyTo, m.References = []string{id}, []string{id}
		r.save("lily", "Sent", m)
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0)

	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d\n%s", code, body)
	}
	if got := strings.Count(body, `<li id="breach-`); got != 50 {
		t.Fatalf("the page lists %d breaches, want 50", got)
	}
	old := r.idOf("forgotten@acme.com")
	mustContain(t, "the breaches shown", body, path(`id="breach-%d"`, old), path(`href="/messages/%d"`, old), "Price for 2027",
		"50 are listed, oldest first: the mail still waiting, from the longest waiting, then the most recently answered late; ",
		"Night order 59")
	mustLack(t, "the breaches shown", body, "Night order 10<")
	if strings.Index(body, "Price for 2027") > strings.Index(body, "Night order 59") {
		t.Fatal("the mail still waiting, the oldest, is not listed first")
	}
}
