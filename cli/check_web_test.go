package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// keepwarm serves plain HTTP, so an https base_url means a TLS proxy in
// front: with no web.trusted_proxies every client would count as the
// proxy for the sign-in limits, and check says so with the key to write.
func TestCheckWarnsOfAProxyNotInTrustedProxies(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	const web = "\n[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"https://keepwarm.acme-export.com\"\n"
	for _, c := range []struct {
		extra string
		warn  bool
	}{
		{web, true},
		{web + "trusted_proxies = [\"127.0.0.1/32\"]\n", false},
		{"\n[web]\nlisten = \"127.0.0.1:8080\"\nbase_url = \"http://192.0.2.5:8080\"\n", false},
	} {
		path := writeConfig(t, srv, c.extra)
		_, out, errs := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "check")
		got := strings.Contains(out, "warn  web: base_url is https, so a TLS proxy forwards to web.listen 127.0.0.1:8080, and web.trusted_proxies is empty") &&
			strings.Contains(out, `trusted_proxies = ["127.0.0.1/32"]`)
		if got != c.warn {
			t.Errorf("%s: warned %t, want %t:\n%s\n%s", c.extra, got, c.warn, out, errs)
		}
	}
}

// An http base_url on the network mails sign-in links and sets a session
// cookie readable on the wire: check warns, naming web.base_url; on this
// machine only it does not.
func TestCheckWarnsOfPlainHTTPOnTheNetwork(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	for _, c := range []struct {
		base string
		warn bool
	}{
		{"http://192.168.1.10:8080", true},
		{"http://127.0.0.1:8080", false},
	} {
		path := writeConfig(t, srv, "\n[web]\nlisten = \"0.0.0.0:8080\"\nbase_url = \""+c.base+"\"\n")
		_, out, errs := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "check")
		got := strings.Contains(out, "warn  web.base_url "+c.base+" is plain http") && strings.Contains(out, `write base_url = "https://…"`)
		if got != c.warn {
			t.Errorf("%s: warned %t, want %t:\n%s\n%s", c.base, got, c.warn, out, errs)
		}
	}
}

// keepwarm run logs the plain-http warning once at start, as check prints it.
func TestRunLogsPlainHTTPOnTheNetworkOnce(t *testing.T) {
	r := startRun(t, "warn", "\n[web]\nlisten = \"127.0.0.1:0\"\nbase_url = \"http://192.168.1.10:8080\"\n", nil, nil)
	r.waitOrShow("the plain-http warning", func() bool {
		return strings.Contains(r.stderr.String(), "web.base_url http://192.168.1.10:8080 is plain http")
	})
	r.stop()
	if n := strings.Count(r.stderr.String(), "is plain http"); n != 1 {
		t.Fatalf("logged %d times, want once:\n%s", n, r.stderr.String())
	}
}
