package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// Bob's mail to Lily waits past its target; the next day Acme is handed to
// Tom. The breach stays counted to Lily, and Tom, whom the desk and the
// nudges now ask to answer it, finds it on his replies report with its
// link, named as his ("Lily Chen (owner now Tom Wu)"), and in his CSV.
func TestRepliesPageListsAWaitingBreachToTodaysOwner(t *testing.T) {
	r, _, _, tomC := newConsole(t)
	r.save("lily", "INBOX", msg("handed@acme.com", keepwarm.KindInbound, "Price for 2027 handed on", "bob@acme.com", "Bob Stone", now0.Add(-48*time.Hour)))
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := r.db.MeasureReplies(r.ctx, now0.Add(-47*time.Hour), "test", judge); err != nil {
		t.Fatal(err)
	}
	owner := tom
	if err := r.db.SetCustomer(r.ctx, r.acme, store.CustomerChange{Owner: &owner}, now0.Add(-24*time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0, "test", judge); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0)
	id := r.idOf("handed@acme.com")
	code, body := tomC.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("Tom's replies report: %d\n%s", code, body)
	}
	_, item, _ := strings.Cut(body, fmt.Sprintf(`<li id="breach-%d">`, id))
	item, _, _ = strings.Cut(item, "</li>")
	mustContain(t, "Tom's breach", item, "Price for 2027 handed on", path(`href="/messages/%d"`, id), "Lily Chen", "(owner now", "Tom Wu")
	code, csvBody := tomC.get("/reports/replies?format=csv&table=breaches")
	if code != http.StatusOK || !strings.Contains(csvBody, ",owner now") || !strings.Contains(csvBody, ","+tom) || !strings.Contains(csvBody, "Price for 2027 handed on") {
		t.Fatalf("Tom's breaches CSV: %d\n%s", code, csvBody)
	}
}

// Bob's mail to Lily waits past its target, and Acme is then released to
// the pool; nobody owns the mail now (no mailbox owner or manager takes
// it in this rig's judge). The manager's Chinese replies report names the
// pool as the owner now, in Chinese as the 80/20 page does, not "(none)".
func TestRepliesPageNamesThePoolAsTheOwnerNowInTheReadersLanguage(t *testing.T) {
	r, meiC, _, _ := newConsole(t)
	r.save("lily", "INBOX", msg("pooled@acme.com", keepwarm.KindInbound, "Price for 2027 pooled", "bob@acme.com", "Bob Stone", now0.Add(-48*time.Hour)))
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := r.db.MeasureReplies(r.ctx, now0.Add(-47*time.Hour), "test", judge); err != nil {
		t.Fatal(err)
	}
	pool := ""
	if err := r.db.SetCustomer(r.ctx, r.acme, store.CustomerChange{Owner: &pool}, now0.Add(-24*time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0, "test", judge); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0)
	id := r.idOf("pooled@acme.com")
	cutItem := func(body string) string {
		_, item, _ := strings.Cut(body, fmt.Sprintf(`<li id="breach-%d">`, id))
		item, _, _ = strings.Cut(item, "</li>")
		return item
	}
	zhPage := meiC.getZh(t, "/reports/replies")
	// The rig's pooled customer's mail to the team mailbox, nobody's, has
	// its row, named so in Chinese too.
	mustContain(t, "the manager's Chinese table", zhPage, "<td>（无）</td>")
	mustLack(t, "the manager's Chinese table", zhPage, "<td>(none)</td>")
	zh := cutItem(zhPage)
	mustContain(t, "the manager's Chinese breach", zh, "Price for 2027 pooled", "现负责人", "（公海）")
	mustLack(t, "the manager's Chinese breach", zh, "(none)", "(pool)")
	code, body := meiC.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("the manager's replies report: %d\n%s", code, body)
	}
	en := cutItem(body)
	mustContain(t, "the manager's breach", en, "(owner now", "(pool)")
	mustLack(t, "the manager's breach", en, "(none)")
}
