package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The HTML part's desk addresses are links (Outlook does not make a URL in
// received HTML one); the text part keeps them bare.
func TestDigestHTMLLinksToTheDesk(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Unanswered: []keepwarm.Nudge{{MessageID: 812, Customer: "domain:meier.example", Contact: "hans@meier.example", Subject: "Order https://desk.example/x\"<b>",
			StartedAt: at.Add(-2 * time.Hour)}}, UnansweredTotal: 1}
	h := d.HTML()
	if !strings.Contains(h, `<a href="https://desk.example/messages/812" style="color:#2b6cb0">https://desk.example/messages/812</a></li>`) {
		t.Errorf("no link to the message:\n%s", h)
	}
	if strings.Contains(h, "<b>") || strings.Contains(h, `href="https://desk.example/x`) || !strings.Contains(h, "Order https://desk.example/x\\&#34;&lt;b&gt;") {
		t.Errorf("the customer's subject is not escaped, or made a link:\n%s", h)
	}
	if strings.Contains(h, "\x00") {
		t.Errorf("a mark is left:\n%s", h)
	}
	if strings.Contains(d.Text(), "<a ") || strings.Contains(d.Text(), "\x00") || !strings.Contains(d.Text(), ") https://desk.example/messages/812\n") {
		t.Errorf("the text part has HTML:\n%s", d.Text())
	}
}
