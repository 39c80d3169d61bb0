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

// A web form that sends from the team's own info@ mailbox, named in
// [team] relay_senders, passes the buyer in its Reply-To on: the classifier
// the app builds takes the buyer as the sender, where without the setting
// the form's mail is the team's mail to itself.
func TestRelaySendersReachTheClassifier(t *testing.T) {
	base := `
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "info"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "info@acme.example"
password_env = "INFO_PW"
`
	raw := strings.Join([]string{
		"From: Acme website <info@acme.example>", "To: info@acme.example", "Reply-To: Hans Meier <hans@globex.example>",
		"Subject: Contact form: LED panels", "Date: Sat, 5 Dec 2026 08:00:00 +0000", "Message-ID: <form-1@acme.example>",
	}, "\r\n") + "\r\n\r\n"
	body := "Please quote 2000 pcs."
	for _, tt := range []struct {
		setting  string
		kind     keepwarm.Kind
		customer string
	}{
		{"", keepwarm.KindInternal, ""},
		{`relay_senders = ["info@acme.example"]`, keepwarm.KindInbound, "domain:globex.example"},
	} {
		cfg, err := config.Parse([]byte(strings.Replace(base, "[team]", "[team]\n"+tt.setting, 1)))
		if err != nil {
			t.Fatal(err)
		}
		m := parse.Message([]byte(raw), []byte(body), int64(len(raw)+len(body)))
		(&App{Cfg: cfg}).Team().Classify(&m, keepwarm.RoleInbox)
		if m.Kind != tt.kind || m.CustomerKey != tt.customer {
			t.Errorf("with %q: Kind %q, customer %q; want %q %q", tt.setting, m.Kind, m.CustomerKey, tt.kind, tt.customer)
		}
	}
}
