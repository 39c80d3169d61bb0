package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A greeting whose send may have gone out (a crash while it was on the
// wire, not found in Sent after) is one mail to check before sending it
// again, as the body and the desk list it: the subject counts it once,
// under "to check", never also as "not sent" (resent as that says, it
// reaches the customer twice). A failed one is still "not sent".
func TestDigestSubjectCountsAnUncertainGreetingOnceAsToCheck(t *testing.T) {
	at := time.Date(2026, 12, 25, 0, 30, 0, 0, time.UTC)
	bob := keepwarm.Address{Name: "Bob Smith", Email: "bob@buyer.example"}
	greeting := func(status keepwarm.OutboxStatus) DigestGreeting {
		return DigestGreeting{Kind: OriginGreeting, Occasion: "Christmas", Customer: "domain:buyer.example", To: bob,
			SendAt: at.Add(-15 * time.Hour), Status: string(status)}
	}
	sent := keepwarm.OutboxItem{ID: 7, Origin: OriginGreeting, Mailbox: "lily", Status: keepwarm.OutboxUncertain,
		To: []keepwarm.Address{bob}, Subject: "Merry Christmas", AttemptedAt: at.Add(-15 * time.Hour)}
	uncertain := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-25", TimeZone: "UTC", Now: at,
		GreetingsSent: []DigestGreeting{greeting(keepwarm.OutboxUncertain)}, Uncertain: []keepwarm.OutboxItem{sent}}
	failed := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-25", TimeZone: "UTC", Now: at,
		GreetingsSent: []DigestGreeting{greeting(keepwarm.OutboxFailed)}}
	for _, c := range []struct {
		name      string
		d         Digest
		want, not map[string]string
	}{
		{"uncertain", uncertain, map[string]string{"": ": 1 send to check", "zh": "：1 封待核实"}, map[string]string{"": "not sent", "zh": "问候未发出"}},
		{"failed", failed, map[string]string{"": ": 1 greeting not sent", "zh": "：1 封问候未发出"}, map[string]string{"": "to check", "zh": "待核实"}},
	} {
		for lang, want := range c.want {
			c.d.Lang = lang
			if s := c.d.Subject(); !strings.HasSuffix(s, want) || strings.Contains(s, c.not[lang]) {
				t.Errorf("%s (%q): subject %q, want it to end %q, without %q", c.name, lang, s, want, c.not[lang])
			}
		}
	}
}
