package sequences

import (
	"strings"
	"testing"
	"time"
)

// The digest proposes the new contact an address's "I have left the
// company" auto-reply named, beside the plain bounces.
func TestDigestProposesTheNewContact(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	d := Digest{Salesperson: "lily@team.example", Name: "Lily", Date: "2026-12-21", TimeZone: "UTC", Now: at, Bounced: []DigestBounce{
		{Email: "john.smith@acme-us.example", Customer: "domain:acme-us.example", BouncedAt: at, LeftCompany: true, Successor: "sarah.lee@acme-us.example"},
		{Email: "wang@buyer-co.cn", Customer: "domain:buyer-co.cn", BouncedAt: at, LeftCompany: true},
		{Email: "old@gone.example", Customer: "domain:gone.example", BouncedAt: at},
	}}
	text := d.Text()
	for _, want := range []string{
		"john.smith@acme-us.example (acme-us.example) has left the company (Mon 21 Dec 09:00): new contact proposed: sarah.lee@acme-us.example",
		"wang@buyer-co.cn (buyer-co.cn) has left the company (Mon 21 Dec 09:00): find who buys now",
		"old@gone.example (gone.example), bounced Mon 21 Dec 09:00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(d.HTML(), "sarah.lee@acme-us.example") {
		t.Error("the HTML digest lacks the proposed contact")
	}
}
