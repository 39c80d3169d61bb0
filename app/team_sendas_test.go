package app

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
)

// Lily's mail from her second brand's address (listed in her mailbox's
// send_as, outside internal_domains), Cc'd to the team mailbox, is read from
// the team INBOX before her Sent is synced: it is her own mail to Globex from
// that first copy, never Globex's answer that would end the follow-up of
// the thread.
func TestSendAsAliasIsTheTeams(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
smtp_url = "smtps://smtp.acme.example"
send_as = [" Lily@BrightLED-Brand.example "]
`))
	if err != nil {
		t.Fatal(err)
	}
	team := (&App{Cfg: cfg}).Team()
	raw := strings.Join([]string{
		"From: Lily Chen <lily@brightled-brand.example>", "To: Hans <hans@globex.example>",
		"Cc: sales@acme.example", "Subject: Re: LED panels", "Date: Mon, 7 Dec 2026 08:00:00 +0000",
		"Message-ID: <alias-1@brightled-brand.example>", "In-Reply-To: <offer-1@acme.example>",
		"Content-Type: text/plain; charset=utf-8",
	}, "\r\n") + "\r\n\r\n"
	body := "Dear Hans,\r\nthe invoice is attached. Thanks!\r\n"
	m := team.Parse([]byte(raw), []byte(body), int64(len(raw)+len(body)), keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindOutbound || m.CustomerKey != "domain:globex.example" {
		t.Errorf("send_as alias mail in the team INBOX: %s of %q; want outbound of domain:globex.example", m.Kind, m.CustomerKey)
	}
}
