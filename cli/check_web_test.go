package cli

import (
	"context"
	"fmt"
	"net"
	"os"
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

// freeAddr is a 127.0.0.1 address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// run listens on [web] listen and [ops] listen before it logs in anywhere,
// and stops at once when it cannot: check tries them as run does, so a
// port another program holds, an address this host does not have or two
// keys on one port fail check, naming the key, instead of passing it and
// leaving run to fail at every start.
func TestCheckFailsAListenRunCannotListenOn(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	other, err := net.Listen("tcp", "127.0.0.1:0") // another program's
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	taken, free := other.Addr().String(), freeAddr(t)
	web := func(addr string) string {
		return "\n[web]\nlisten = \"" + addr + "\"\nbase_url = \"http://127.0.0.1:8080\"\n"
	}
	for _, c := range []struct {
		name, extra string
		fail        []string // in the FAIL line, and in its fix
	}{
		{"web in use", web(taken), []string{"FAIL  web.listen " + taken + ": address already in use by another program", "fix: set [web] listen to a free port"}},
		{"ops in use", "\n[ops]\nlisten = \"" + taken + "\"\n", []string{"FAIL  ops.listen " + taken + ": address already in use by another program", "fix: set [ops] listen to a free port"}},
		{"not this host", web("192.0.2.55:8080"), []string{"FAIL  web.listen 192.0.2.55:8080: this host has no address 192.0.2.55", "fix: set [web] listen to an address of this host"}},
		{"one port twice", web(free) + "\n[ops]\nlisten = \"" + free + "\"\n",
			[]string{"FAIL  web.listen " + free + ": the port of ops.listen " + free + ", which run listens on first", "give [ops] listen and [web] listen different ports"}},
		{"free", web(free), nil},
	} {
		path := writeConfig(t, srv, c.extra)
		code, out, errs := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "check")
		for _, want := range c.fail {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q:\n%s\n%s", c.name, want, out, errs)
			}
		}
		if c.fail != nil && code != 1 {
			t.Errorf("%s: exit %d, want 1", c.name, code)
		}
		if c.fail == nil && (code != 0 || !strings.Contains(out, "ok    web.listen "+free+": run can listen there")) {
			t.Errorf("%s: exit %d, want 0 and an ok line:\n%s\n%s", c.name, code, out, errs)
		}
	}
}

// Checked while this database's run serves [web] listen (after a config
// change, as the README says), the address in use is that run's: check
// says so and does not fail; the next run listens there once it stopped.
func TestCheckPassesAListenItsOwnRunServes(t *testing.T) {
	addr := freeAddr(t)
	r := startRun(t, "error", "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n", nil, nil)
	code, out, errs := newCLI(t, r.config, r.env).run(context.Background(), "--log-level", "error", "check")
	want := fmt.Sprintf("skip  web.listen %s: in use by keepwarm run (process %d) of this database, which serves it", addr, os.Getpid())
	if !strings.Contains(out, want) || strings.Contains(out, "FAIL  web.listen") || code != 0 {
		t.Fatalf("exit %d, want 0 and %q:\n%s\n%s", code, want, out, errs)
	}
}
