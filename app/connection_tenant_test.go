package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
)

// TestMicrosoftPersonalAccountsSignInAsConsumers: Microsoft's
// "organizations" sign-in answers a personal account (hotmail.com,
// outlook.com, live.com, msn.com) "You can't sign in here with a personal
// account", and the device code runs out with nothing said. A
// microsoft365 mailbox on such an address, with no oauth_tenant, signs in
// at "consumers"; a company address keeps "organizations", and a tenant
// written wins.
func TestMicrosoftPersonalAccountsSignInAsConsumers(t *testing.T) {
	for _, c := range []struct{ username, keys, tenant string }{
		{"lily@hotmail.com", "", "consumers"},
		{"lily@outlook.com", "", "consumers"},
		{"lily@live.com", "", "consumers"},
		{"lily@hotmail.co.uk", "", "consumers"},
		{"lily@outlook.jp", "", "consumers"},
		{"lily@msn.com", "", "consumers"},
		{"Lily@Hotmail.com", "", "consumers"},
		{"lily@example-export.com", "", "organizations"},
		{"lily@outlook.example-export.com", "", "organizations"},
		{"lily@hotmail.de", "", "consumers"},
		{"lily@live.com.au", "", "consumers"},
		// Companies on a country domain used as a generic one.
		{"lily@live.io", "", "organizations"},
		{"lily@live.tv", "", "organizations"},
		{"lily@live.me", "", "organizations"},
		{"lily@outlook.ai", "", "organizations"},
		{"lily@hotmail.com", `oauth_tenant = "common"`, "common"},
	} {
		cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["example-export.com"]
[[salesperson]]
email = "lily@example-export.com"
[[mailbox]]
name = "lily"
owner = "lily@example-export.com"
username = %q
provider = "microsoft365"
oauth_client_id = "kw-app"
%s
`, c.username, c.keys)))
		if err != nil {
			t.Fatalf("%s %s: %v", c.username, c.keys, err)
		}
		mb, _ := cfg.Mailbox("lily")
		a := New(cfg, nil, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(string) string { return "" }})
		oc, _, err := a.OAuthConfig(mb.Connection)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{oc.Endpoint.DeviceAuthURL, oc.Endpoint.TokenURL} {
			if !strings.HasPrefix(u, "https://login.microsoftonline.com/"+c.tenant+"/oauth2/v2.0/") {
				t.Errorf("%s %s: sign-in at %s, want tenant %q", c.username, c.keys, u, c.tenant)
			}
		}
	}
}

// TestAGuessedConsumersTenantIsNamedWhenNoSignInComesBack: a work account
// on a domain keepwarm takes for a personal one signs in at "consumers",
// where Microsoft turns it away in the browser only. When no sign-in comes
// back, auth says the tenant was guessed from the domain and names
// oauth_tenant = "organizations"; a tenant written is not second-guessed.
func TestAGuessedConsumersTenantIsNamedWhenNoSignInComesBack(t *testing.T) {
	expired := errors.New(`oauth2: "expired_token"`)
	for _, c := range []struct{ username, keys, want, not string }{
		{"lily@hotmail.com", "", `oauth_tenant = "organizations"`, `oauth_tenant = "consumers"`},
		{"lily@hotmail.com", `oauth_tenant = "consumers"`, "", `oauth_tenant = "organizations"`},
		{"lily@example-export.com", "", `oauth_tenant = "consumers"`, `oauth_tenant = "organizations"`},
	} {
		cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["example-export.com"]
[[salesperson]]
email = "lily@example-export.com"
[[mailbox]]
name = "lily"
owner = "lily@example-export.com"
username = %q
provider = "microsoft365"
oauth_client_id = "kw-app"
%s
`, c.username, c.keys)))
		if err != nil {
			t.Fatal(err)
		}
		mb, _ := cfg.Mailbox("lily")
		p, _ := mb.Preset()
		msg := tenantAdvice(mb.Connection, mb.Username, p, expired).Error()
		if !errors.Is(tenantAdvice(mb.Connection, mb.Username, p, expired), expired) ||
			c.want != "" && !strings.Contains(msg, c.want) || strings.Contains(msg, c.not) {
			t.Errorf("%s %s: %s", c.username, c.keys, msg)
		}
		if c.want == `oauth_tenant = "organizations"` && !strings.Contains(msg, "@hotmail.com") {
			t.Errorf("%s: the advice does not say the tenant was guessed from the domain: %s", c.username, msg)
		}
	}
}

// TestTheConsumersTenantIsRecordedAsGuessed: the guess is recorded only
// where oauth_tenant was not written.
func TestTheConsumersTenantIsRecordedAsGuessed(t *testing.T) {
	for _, c := range []struct {
		keys    string
		guessed bool
	}{{"", true}, {`oauth_tenant = "consumers"`, false}} {
		cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["example-export.com"]
[[salesperson]]
email = "lily@example-export.com"
[[mailbox]]
name = "lily"
owner = "lily@example-export.com"
username = "lily@hotmail.com"
provider = "microsoft365"
oauth_client_id = "kw-app"
%s
`, c.keys)))
		if err != nil {
			t.Fatal(err)
		}
		if mb, _ := cfg.Mailbox("lily"); mb.TenantGuessed() != c.guessed || mb.OAuthTenant != "consumers" {
			t.Errorf("%q: tenant %q, guessed %v", c.keys, mb.OAuthTenant, mb.TenantGuessed())
		}
	}
}

// TestSMTPAdviceFollowsTheTenantWritten: the advice for a refused SMTP
// sign-in guesses a personal account from the username's domain only
// where no tenant says which. A work account on a domain that looks
// personal, written oauth_tenant = "organizations" as auth advises, is told
// of Set-CASMailbox, not of personal accounts.
func TestSMTPAdviceFollowsTheTenantWritten(t *testing.T) {
	const personal, work = "must allow personal Microsoft accounts", "Set-CASMailbox -Identity "
	for _, c := range []struct{ username, keys, want string }{
		{"lily@live.de", "", personal},                           // guessed "consumers"
		{"lily@live.de", `oauth_tenant = "organizations"`, work}, // the guess undone
		{"lily@live.de", `oauth_tenant = "contoso.onmicrosoft.com"`, work},
		{"lily@live.de", `oauth_tenant = "common"`, personal}, // takes both: the domain tells
		{"lily@example-export.com", `oauth_tenant = "common"`, work},
		{"lily@example-export.com", `oauth_tenant = "consumers"`, personal},
		{"lily@example-export.com", "", work},
		{"lily@hotmail.com", `token_cmd = "echo t"`, personal}, // no tenant at all
		{"lily@hotmail.com", `oauth_device_url = "http://127.0.0.1:1/devicecode"` + "\noauth_token_url = \"http://127.0.0.1:1/token\"", personal},
	} {
		auth := `oauth_client_id = "kw-app"`
		if strings.Contains(c.keys, "token_cmd") {
			auth = `auth = "oauth2"`
		}
		cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["example-export.com"]
[[salesperson]]
email = "lily@example-export.com"
[[mailbox]]
name = "lily"
owner = "lily@example-export.com"
username = %q
provider = "microsoft365"
%s
%s
`, c.username, auth, c.keys)))
		if err != nil {
			t.Fatalf("%s %s: %v", c.username, c.keys, err)
		}
		mb, _ := cfg.Mailbox("lily")
		got := SMTPAuthAdvice(mb.Connection, mb.Username)
		other := work
		if c.want == work {
			other = personal
		}
		if !strings.Contains(got, c.want) || strings.Contains(got, other) {
			t.Errorf("%s %s: advice %q, want %q", c.username, c.keys, got, c.want)
		}
	}
}
