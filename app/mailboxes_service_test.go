package app

import (
	"strings"
	"testing"

	"keepwarm/config"
)

// A mailbox whose provider does not fit its username (provider = "netease"
// for the company's own domain, which loaded before the check) stops alone:
// the other mailboxes get their connection, and a [notify] sender in the
// same case is kept, Unusable, so the daemon starts.
func TestProviderForAnotherServiceStopsOneMailbox(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme-export.cn"]
manager = "boss@acme-export.cn"
[[salesperson]]
email = "lily@acme-export.cn"
[[salesperson]]
email = "wang@acme-export.cn"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.cn"
url = "imaps://mail.acme-export.cn:993"
username = "lily@acme-export.cn"
password_env = "PW"
[[mailbox]]
name = "wang"
owner = "wang@acme-export.cn"
provider = "netease"
username = "wang@acme-export.cn"
password_env = "PW"
[notify]
provider = "netease"
username = "keepwarm@acme-export.cn"
password_env = "PW"
from = "keepwarm@acme-export.cn"
`))
	if err != nil {
		t.Fatalf("the config does not load: %v", err)
	}
	a := &App{Cfg: cfg, Getenv: func(string) string { return "pw" }}
	if _, err := a.IMAPConfig(t.Context(), cfg.Mailboxes[0]); err != nil {
		t.Fatalf("lily: %v", err)
	}
	_, err = a.IMAPConfig(t.Context(), cfg.Mailboxes[1])
	if err == nil || !strings.Contains(err.Error(), `url = "imaps://imap.acme-export.cn:993"`) {
		t.Fatalf("wang: %v; want the servers used so far", err)
	}
	acct, err := a.NotifyAccount(t.Context())
	if err != nil {
		t.Fatalf("notify: %v", err)
	}
	if acct.Unusable == nil || !strings.Contains(acct.Unusable.Error(), "notify.provider") {
		t.Fatalf("notify: Unusable %v", acct.Unusable)
	}
}
