package app

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync/parse"
)

// keepwarm's own digest or nudge, sent from a [notify] account outside
// internal_domains (a system mailbox on 163.com) and synced from the
// salesperson's INBOX, is the team's mail: never a customer's answer that
// makes a customer, starts a reply clock and a nudge about the nudge.
func TestNotifyFromIsTheTeams(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[notify]
smtp_url = "smtps://smtp.163.com"
username = "kw-notify@163.com"
password_env = "KW_PW"
from = "KW-Notify@163.com"
`))
	if err != nil {
		t.Fatal(err)
	}
	team := (&App{Cfg: cfg}).Team()
	raw := strings.Join([]string{
		"From: keepwarm <kw-notify@163.com>", "To: Lily <lily@acme.example>",
		"Subject: Your digest for Saturday", "Date: Sat, 5 Dec 2026 08:00:00 +0000",
		"Message-ID: <0123456789abcdef@163.com>",
		"Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All",
	}, "\r\n") + "\r\n\r\n"
	body := "Today: 3 customers wait for your answer. ACME has waited 4 hours; Bob wrote: please send the price list."
	m := parse.Message([]byte(raw), []byte(body), int64(len(raw)+len(body)))
	team.Classify(&m, keepwarm.RoleInbox)
	if m.Kind == keepwarm.KindInbound || m.CustomerKey != "" {
		t.Errorf("keepwarm's digest from notify.from: Kind %q, customer %q; want no customer's mail", m.Kind, m.CustomerKey)
	}
}
