package app

import (
	"testing"

	"keepwarm/config"
)

// bossTeam is acme.example's [team], the boss its manager; more of [team]
// may follow it.
const bossTeam = `
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
`

// acmeNotify is acme.example's [notify] server.
const acmeNotify = `[notify]
smtp_url = "smtp://smtp.acme.example:587"
username = "keepwarm@acme.example"
password_env = "NOTIFY_PW"
from = "keepwarm@acme.example"
`

// lilySalesperson is Lily on the team; more of her [[salesperson]] may
// follow it.
const lilySalesperson = `[[salesperson]]
email = "lily@acme.example"
`

// lilysMailbox is Lily's own mailbox.
const lilysMailbox = `[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`

// mustConfig is the configuration text parses to; the test stops if it
// does not parse.
func mustConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
