package web_test

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A trusted proxy that writes the client in RFC 7239 Forwarded (HAProxy's
// option forwarded) instead of X-Forwarded-For has its clients counted.
// One that names no client at all (nginx with a bare proxy_pass) is logged
// once, naming web.trusted_proxies and the header to add, and until it is
// fixed its one address does not let a stranger refuse the team's links,
// nor pass for a browser the team signed in from.
func TestSignInBehindAProxyThatNamesNoClientInXForwardedFor(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	w.rebase("http://keepwarm.test")
	lastRequest := func() (ip string, sent bool) {
		if err := w.raw.QueryRow(`SELECT ip, sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip, &sent); err != nil {
			t.Fatal(err)
		}
		return ip, sent
	}
	for i, c := range []struct{ forwarded, want string }{
		{"for=203.0.113.5;proto=https", "203.0.113.5"},
		{`For="[2001:db8:cafe::17]:4711"`, "2001:db8:cafe::/64"},
		{"for=6.6.6.6, for=203.0.113.20", "203.0.113.20"}, // the client wrote 6.6.6.6 itself
		{`for="203.0.113.21:4711";by=127.0.0.1`, "203.0.113.21"},
	} {
		if code, body := w.askWith("127.0.0.1:40000", http.Header{"Forwarded": {c.forwarded}}, path("nobody%d@else.example", i)); code != http.StatusOK {
			t.Fatalf("Forwarded %q: %d %s", c.forwarded, code, body)
		}
		if got, _ := lastRequest(); got != c.want {
			t.Errorf("Forwarded %q: counted as %s, want %s", c.forwarded, got, c.want)
		}
	}
	if strings.Contains(log.String(), "trusted_proxies") {
		t.Fatalf("warned of a proxy that names its clients:\n%s", log.String())
	}

	// Lily signs in through the proxy, which names no client: her session
	// is recorded from the proxy's address.
	srv := w.serve()
	w.signIn(srv, lily)
	w.clock.Advance(20 * time.Minute)
	// A stranger behind it asks eleven times: the team still gets links.
	for i := 0; i < 11; i++ {
		if code, _ := w.askFrom("127.0.0.1:40000", "", path("someone%d@else.example", i)); code != http.StatusOK {
			t.Fatalf("stranger's request %d: %d", i+1, code)
		}
	}
	if code, body := w.askFrom("127.0.0.1:40000", "", tom); code != http.StatusOK {
		t.Fatalf("Tom after a stranger's 11 requests through the proxy: %d %s", code, body)
	}
	logged := log.String()
	if n := strings.Count(logged, "web.trusted_proxies lists 127.0.0.1, but its requests name no client"); n != 1 ||
		!strings.Contains(logged, "X-Forwarded-For") || !strings.Contains(logged, "proxy_set_header X-Forwarded-For") {
		t.Fatalf("the warning is logged %d times, want once naming the key and the header to add:\n%s", n, logged)
	}

	// Asked for from anywhere behind it, Lily's address is mailed no more
	// than its daily ceiling: the proxy's address is not "her browser".
	for i := 0; i < 11; i++ {
		w.clock.Advance(16 * time.Minute) // the earlier links are no longer live
		if code, _ := w.askFrom("127.0.0.1:40000", "", lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
	}
	if _, sent := lastRequest(); sent {
		t.Error("an 11th link in a day mailed to Lily from the proxy's address, as if from her own browser")
	}
}
