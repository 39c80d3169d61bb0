package app

import (
	"testing"

	"keepwarm/config"
)

// sales@acme.example is owned by the manager, who has his own mailbox
// logged in as manager@acme.example: sales@ is a shared mailbox, whose
// follow-ups of his mail go From sales@, not from his address because it
// is on the login's domain. Lily's Exmail login alias lily.chen@ is her
// own mailbox: it sends as lily@.
func TestIdentitiesMarkASharedMailboxOfTheOwner(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
manager = "manager@acme.example"
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "manager"
owner = "manager@acme.example"
url = "imaps://imap.acme.example"
username = "manager@acme.example"
password_env = "MANAGER_PW"
[[mailbox]]
name = "sales"
owner = "manager@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily.chen@acme.example"
password_env = "LILY_PW"
smtp_url = "smtps://smtp.acme.example"
`))
	if err != nil {
		t.Fatal(err)
	}
	shared := map[string]bool{}
	for _, id := range (&App{Cfg: cfg}).Identities() {
		shared[id.Mailbox] = id.Shared
	}
	if !shared["sales"] || shared["lily"] {
		t.Errorf("Shared: %v; want sales shared, lily not", shared)
	}
}
