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
		{"base_url with a path", minimal + "[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://tools.example/keepwarm\"\n", []string{"web.base_url", `"/keepwarm"`, "root of a host", "subdomain"}},
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

// An http base_url served to the network puts the mailed sign-in links and
// the session cookie on the wire readable: warned of, naming the key and
// the fix; the same on this machine only is not.
func TestPlainWebWarning(t *testing.T) {
	for _, c := range []struct {
		listen, base string
		warn         bool
		lifetime     string // session_lifetime; "": left out
		says         string // how long the cookie is good for
	}{
		{"0.0.0.0:8080", "http://192.168.1.10:8080", true, "", "session cookie (good for 30 days)"},
		{"0.0.0.0:8080", "http://192.168.1.10:8080", true, "8h", "session cookie (good for 8 hours)"},
		{"0.0.0.0:8080", "http://192.168.1.10:8080", true, "2160h", "session cookie (good for 90 days)"},
		{"0.0.0.0:8080", "http://192.168.1.10:8080", true, "36h", "session cookie (good for 36 hours)"},
		{"0.0.0.0:8080", "http://keepwarm.office.lan", true, "", ""},
		{"127.0.0.1:8080", "http://127.0.0.1:8080", false, "", ""},
		{"127.0.0.1:8080", "http://localhost:8080", false, "", ""},
		{"[::1]:8080", "http://[::1]:8080", false, "", ""},
		{"0.0.0.0:8080", "https://keepwarm.acme.example", false, "", ""},
		{"", "http://192.168.1.10:8080", false, "", ""}, // no web application served
	} {
		web := "[web]\nlisten = \"" + c.listen + "\"\nbase_url = \"" + c.base + "\"\n"
		if c.lifetime != "" {
			web += "session_lifetime = \"" + c.lifetime + "\"\n"
		}
		cfg, err := Parse([]byte(minimal + web))
		if err != nil {
			t.Fatal(err)
		}
		got := cfg.Web.PlainWarning()
		if c.says != "" && !strings.Contains(got, c.says) {
			t.Errorf("session_lifetime %q: the warning %q does not say %q", c.lifetime, got, c.says)
		}
		if (got != "") != c.warn {
			t.Errorf("%s on %q: warning %q, want one: %t", c.base, c.listen, got, c.warn)
		}
		if c.warn && (!strings.Contains(got, "web.base_url "+c.base) || !strings.Contains(got, `base_url = "https://…"`) || !strings.Contains(got, "trusted_proxies")) {
			t.Errorf("%s: the warning names neither the key nor the fix: %s", c.base, got)
		}
	}
}

// A trusted proxy prefix of length 0 trusts every client to write the
// address its sign-ins are counted as: refused, naming the key and what
// to list instead. A LAN prefix is a legitimate proxy setup: accepted, and
// only one wider than /8 (IPv4) or /32 (IPv6) is warned of.
func TestTrustedProxiesOfEveryAddress(t *testing.T) {
	for _, p := range []string{"0.0.0.0/0", "::/0", " 10.1.1.1/0 "} {
		_, err := Parse([]byte(minimal + "[web]\ntrusted_proxies = [\"127.0.0.1/32\", \"" + p + "\"]\n"))
		if err == nil {
			t.Errorf("%s accepted", p)
			continue
		}
		for _, w := range []string{"web.trusted_proxies", "entry 2", "trusts every address", `"127.0.0.1/32"`, `"172.17.0.1/32"`} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", p, err, w)
			}
		}
	}
	cfg, err := Parse([]byte(minimal + "[web]\ntrusted_proxies = [\"192.168.0.0/16\", \"10.0.0.0/8\", \"fd00::/8\", \"2001:db8::/32\", \"64.0.0.0/2\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := cfg.Web.WideProxyWarnings()
	if len(w) != 2 || !strings.Contains(w[0], "web.trusted_proxies fd00::/8 is very wide") || !strings.Contains(w[1], "64.0.0.0/2") {
		t.Fatalf("warnings %q, want fd00::/8's and 64.0.0.0/2's", w)
	}
}

// A base_url with a path while the web application is off (no listen) is
// accepted, as it was before keepwarm refused it with the web on: only the
// links in digests and nudges use it, and sync, reply clocks and
// follow-ups do not stop over it. check and run warn of it instead.
func TestBaseURLWithAPathWithTheWebOff(t *testing.T) {
	cfg, err := Parse([]byte(minimal + "[web]\nbase_url = \"https://h.example/keepwarm\"\n"))
	if err != nil {
		t.Fatalf("refused with the web off: %v", err)
	}
	got := cfg.Web.PathWarning()
	for _, w := range []string{"web.base_url", `"/keepwarm"`, "root of a host", "web.listen", "subdomain"} {
		if !strings.Contains(got, w) {
			t.Errorf("the warning %q does not say %q", got, w)
		}
	}
	for _, base := range []string{"https://h.example", "https://h.example/"} {
		cfg, err := Parse([]byte(minimal + "[web]\nbase_url = \"" + base + "\"\n"))
		if err != nil || cfg.Web.PathWarning() != "" {
			t.Errorf("%s: %v, warning %q", base, err, cfg.Web.PathWarning())
		}
	}
}

// check does not take a listed range holding keepwarm's listen or base_url
// address for an office LAN: an internal load balancer's subnet, or a
// cloud VM's VPC ranges listed for a load balancer whose addresses float,
// are listed rightly, and "list only the /32" would break them. run logs
// a listed range once a request shows it holds a client.
func TestCheckDoesNotTakeARangeHoldingKeepwarmForAnOfficeLAN(t *testing.T) {
	for _, web := range []string{
		"listen = \"10.0.1.5:8080\"\nbase_url = \"https://keepwarm.example-export.com\"\ntrusted_proxies = [\"10.0.0.0/16\"]\n",
		"listen = \"0.0.0.0:8080\"\nbase_url = \"http://10.0.3.5\"\ntrusted_proxies = [\"10.0.3.0/28\"]\n",
		"listen = \"0.0.0.0:8080\"\nbase_url = \"https://keepwarm.example-export.com\"\ntrusted_proxies = [\"10.0.0.0/8\", \"172.17.0.0/16\", \"127.0.0.0/8\"]\n",
	} {
		cfg, err := Parse([]byte(minimal + "[web]\n" + web))
		if err != nil {
			t.Fatal(err)
		}
		if w := cfg.Web.WideProxyWarnings(); len(w) != 0 {
			t.Errorf("%s: warnings %q, want none", web, w)
		}
	}
}
