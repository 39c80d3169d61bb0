package app

import (
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
