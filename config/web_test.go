package config

import (
	"strings"
	"testing"
	"time"
)

func TestWebSection(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Web.Listen != "" || cfg.Web.SessionLifetime.Duration != 30*24*time.Hour {
		t.Fatalf("defaults: %+v", cfg.Web)
	}
	on := strings.Replace(minimal, "[team]", "[team]\nmanagers = [\" Wang@Acme.example \"]", 1) +
		"webmail = \"https://mail.acme.example/#search/{message_id}\"\n" +
		"[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://keepwarm.acme.example/\"\nsession_lifetime = \"168h\"\n" +
		"trusted_proxies = [\"127.0.0.1/32\", \"10.1.2.0/24\", \"::1/128\"]\n"
	cfg, err = Parse([]byte(on))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Web.BaseURL != "https://keepwarm.acme.example" || cfg.Web.SessionLifetime.Duration != 7*24*time.Hour {
		t.Fatalf("[web]: %+v", cfg.Web)
	}
	if p := cfg.Web.TrustedProxyNets(); len(p) != 3 || p[1].String() != "10.1.2.0/24" || !p[2].Addr().Is6() {
		t.Fatalf("trusted proxies: %v", p)
	}
	if m := cfg.Managers(); len(m) != 2 || m[0] != "boss@acme.example" || m[1] != "wang@acme.example" {
		t.Fatalf("managers: %v", m)
	}
	if got := cfg.WebmailLink("lily", "a+b@x.example"); got != "https://mail.acme.example/#search/a%2Bb%40x.example" {
		t.Fatalf("webmail link: %s", got)
	}
	if got := cfg.WebmailLink("nope", "a@b"); got != "" {
		t.Fatalf("webmail link of an unknown mailbox: %s", got)
	}

	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"listen without base_url", minimal + "[web]\nlisten = \"127.0.0.1:8080\"\n", []string{"web.base_url", "is empty"}},
		{"bad listen", minimal + "[web]\nlisten = \"8080\"\nbase_url = \"http://x.example\"\n", []string{"web.listen", "host:port"}},
		{"bad base_url", minimal + "[web]\nbase_url = \"keepwarm.example\"\n", []string{"web.base_url", "http(s)"}},
		{"base_url with a password", minimal + "[web]\nbase_url = \"https://a:b@keepwarm.example\"\n", []string{"web.base_url", "only scheme"}},
		{"bad trusted proxy", minimal + "[web]\ntrusted_proxies = [\"127.0.0.1/32\", \"proxy.local\"]\n", []string{"web.trusted_proxies", "entry 2", "proxy.local", "CIDR"}},
		{"trusted proxy without a mask", minimal + "[web]\ntrusted_proxies = [\"127.0.0.1\"]\n", []string{"web.trusted_proxies", "127.0.0.1/32"}},
		{"short session", minimal + "[web]\nsession_lifetime = \"5m\"\n", []string{"web.session_lifetime", "1h"}},
		{"bad manager", strings.Replace(minimal, "[team]", "[team]\nmanagers = [\"wang\"]", 1), []string{"team.managers", "wang"}},
		{"webmail without the id", minimal + "webmail = \"https://mail.acme.example/\"\n", []string{`mailbox "lily".webmail`, "{message_id}"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body))
			if err == nil {
				t.Fatal("accepted a bad config")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
