package sequences

import (
	"fmt"
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

// A NUL byte in a customer's subject or name (an encoded word can carry
// any byte) makes no link of the customer's text and breaks none of the
// desk's. English quotes a subject with Go's escapes; Chinese quotes it as
// it is, and a customer's name is never quoted.
func TestDigestHTMLNulInCustomerTextMakesNoLink(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	nudge := func(id int64, subject string) keepwarm.Nudge {
		return keepwarm.Nudge{MessageID: id, Customer: "domain:meier.example", Contact: "hans@meier.example", Subject: subject,
			StartedAt: at.Add(-time.Duration(id) * time.Minute)}
	}
	for _, c := range []struct {
		name   string
		lang   string
		names  map[string]string
		nudges []keepwarm.Nudge
	}{
		{"a pair of NULs in a subject", "zh", nil, []keepwarm.Nudge{nudge(7, "\x00https://evil.example/\x00 price")}},
		{"one NUL in a subject", "zh", nil, []keepwarm.Nudge{nudge(8, "price \x00https://evil.example/"), nudge(7, "order")}},
		{"a pair of NULs in a name", "en", map[string]string{"domain:meier.example": "\x00https://evil.example/\x00"}, []keepwarm.Nudge{nudge(7, "order")}},
		{"one NUL in a name", "en", map[string]string{"domain:meier.example": "Meier \x00https://evil.example/"}, []keepwarm.Nudge{nudge(8, "price"), nudge(7, "order")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Digest{Salesperson: "lily@team.example", Name: "Lily", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
				Lang: c.lang, customers: c.names, Unanswered: c.nudges, UnansweredTotal: len(c.nudges)}
			h := d.HTML()
			if strings.Contains(h, `href="https://evil.example/`) || strings.Contains(h, "\x00") {
				t.Errorf("the customer's text became a link, or a NUL is left:\n%q", h)
			}
			for _, n := range c.nudges {
				link := fmt.Sprintf(`<a href="https://desk.example/messages/%d" style="color:#2b6cb0">https://desk.example/messages/%[1]d</a></li>`, n.MessageID)
				if strings.Count(h, link) != 1 {
					t.Errorf("the link to message %d is not there once:\n%q", n.MessageID, h)
				}
			}
			if strings.Count(h, "<a ") != len(c.nudges) {
				t.Errorf("links other than the desk's:\n%q", h)
			}
			if strings.Contains(d.Text(), "\x00") {
				t.Errorf("the text part keeps a NUL:\n%q", d.Text())
			}
		})
	}
}
