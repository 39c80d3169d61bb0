package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/web"
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

// proxied is a world behind a trusted proxy at 127.0.0.1 whose log the
// test reads.
func proxied(t *testing.T) (*world, *mailtest.LockedBuffer) {
	w := newWorld(t, "http://keepwarm.test")
	log := &mailtest.LockedBuffer{}
	w.cfg.Log = slog.New(slog.NewTextHandler(log, nil))
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	w.rebase("http://keepwarm.test")
	return w, log
}

// The client is read from the header the proxy writes: a client's own
// X-Forwarded-For does not beat the Forwarded a proxy such as HAProxy's
// option forwarded writes (nor the other way round), and an empty header,
// or an obfuscated hop before any client, names no client: the proxy's
// shared address then neither counts as a client nor passes for a
// browser the team signed in from.
func TestSignInClientIsNotWhatTheClientWritesInTheOtherHeader(t *testing.T) {
	const unnamed, conflict = "but its requests name no client", "carried X-Forwarded-For and Forwarded that do not name the same client (one names none, or another one)"
	lastIP := func(w *world) string {
		var ip string
		if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
			t.Fatal(err)
		}
		return ip
	}
	for _, c := range []struct {
		hdr    http.Header
		logged string
	}{
		// Both headers, one naming a client the other does not: a
		// client wrote one of them (logged as such, not as a proxy
		// naming no client).
		{http.Header{"Forwarded": {"for=203.0.113.5"}, "X-Forwarded-For": {"198.51.100.7"}}, conflict},
		{http.Header{"X-Forwarded-For": {"203.0.113.5"}, "Forwarded": {"for=198.51.100.7"}}, conflict},
		{http.Header{"Forwarded": {"for=203.0.113.5"}, "X-Forwarded-For": {""}}, conflict},
		{http.Header{"X-Forwarded-For": {""}}, unnamed},
		{http.Header{"Forwarded": {"for=_hidden, for=127.0.0.1"}}, unnamed},
	} {
		w, log := proxied(t)
		if code, body := w.askWith("127.0.0.1:40000", c.hdr, "nobody@else.example"); code != http.StatusOK {
			t.Fatalf("%v: %d %s", c.hdr, code, body)
		}
		if got := lastIP(w); got == "198.51.100.7" || got == "203.0.113.5" {
			t.Errorf("%v: counted as %s, a client the proxy may not have named", c.hdr, got)
		}
		if !strings.Contains(log.String(), c.logged) {
			t.Errorf("%v: not logged as %q:\n%s", c.hdr, c.logged, log.String())
		}
	}
	// Both headers naming the same client: that client.
	w, log := proxied(t)
	w.askWith("127.0.0.1:40000", http.Header{"Forwarded": {"for=203.0.113.5"}, "X-Forwarded-For": {"6.6.6.6, 203.0.113.5"}}, "nobody@else.example")
	if got := lastIP(w); got != "203.0.113.5" || strings.Contains(log.String(), unnamed) {
		t.Errorf("both headers naming 203.0.113.5: counted as %s\n%s", got, log.String())
	}

	// Lily signs in through a proxy chain whose client is obfuscated
	// behind the trusted proxy: its address is not her browser's, and
	// asked for from behind it her address is mailed no more than its
	// daily ceiling.
	w, log = proxied(t)
	obf := http.Header{"X-Forwarded-For": {"unknown, 127.0.0.1"}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header["X-Forwarded-For"] = obf["X-Forwarded-For"]
		w.app.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.signIn(srv, lily)
	if !strings.Contains(log.String(), unnamed) {
		t.Errorf("X-Forwarded-For %q: not taken for a proxy naming no client:\n%s", obf, log.String())
	}
	var sent bool
	for i := 0; i < 11; i++ {
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askWith("127.0.0.1:40000", obf, lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
		if err := w.raw.QueryRow(`SELECT sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&sent); err != nil {
			t.Fatal(err)
		}
	}
	if sent {
		t.Error("an 11th link in a day mailed to Lily from the proxy's address, as if from her own browser")
	}
}

// Behind a trusted proxy that names no client, a stranger asking for
// Lily's address all day cannot silence her links: the browser she signed
// in from (its device cookie, kept through sign-out) still gets one, past
// the stranger's requests and her daily ceiling. And the proxy's address
// is not unlimited: a stranger cannot record requests for any number of
// addresses.
func TestSignInBehindAProxyNamingNoClientKeepsHerBrowsersLink(t *testing.T) {
	w, _ := proxied(t)
	srv := w.serve() // its peer is 127.0.0.1: the proxy, naming no client
	lilyC := w.signIn(srv, lily)
	if code, _ := lilyC.do("/", "/signout", nil); code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", code)
	}
	lastSent := func() bool {
		var sent bool
		if err := w.raw.QueryRow(`SELECT sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&sent); err != nil {
			t.Fatal(err)
		}
		return sent
	}
	for i := 0; i < 10; i++ {
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askFrom("127.0.0.1:40000", "", lily); code != http.StatusOK {
			t.Fatalf("stranger's request %d for Lily: %d", i+1, code)
		}
	}
	w.clock.Advance(16 * time.Minute)
	for i := 0; i < 3; i++ { // and three more, right before her
		w.askFrom("127.0.0.1:40000", "", lily)
	}
	before := w.count(`SELECT count(*) FROM web_login_tokens`)
	code, body := lilyC.do("/signin", "/signin", url.Values{"email": {lily}})
	if code != http.StatusOK || w.count(`SELECT count(*) FROM web_login_tokens`) != before+1 {
		t.Fatalf("Lily's own browser after a stranger's requests: %d\n%s", code, body)
	}
	if !lastSent() {
		t.Error("no link mailed to Lily's own browser after a stranger asked for her address all day")
	}

	w.clock.Advance(16 * time.Minute)
	refused := 0
	for i := 0; i < 50; i++ {
		if code, _ := w.askFrom("127.0.0.1:40000", "", path("someone%d@else.example", i)); code == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Error("50 requests for 50 addresses in a quarter hour through the proxy, none refused")
	}
	// Her browser is not held up by them either.
	w.clock.Advance(time.Minute)
	if code, body := lilyC.do("/signin", "/signin", url.Values{"email": {lily}}); code != http.StatusOK || !lastSent() {
		t.Errorf("Lily's own browser after a stranger's flood: %d, mailed %t\n%s", code, lastSent(), body)
	}
	// Its allowance has bounds (README): while 2 links mailed to her are
	// live, a third is not mailed, the answer being the same; and it may
	// ask 10 times in a quarter hour from one IP, not more.
	if code, _ := lilyC.do("/signin", "/signin", url.Values{"email": {lily}}); code != http.StatusOK || !lastSent() {
		t.Fatalf("Lily's browser, second link: %d, mailed %t", code, lastSent())
	}
	for i := 3; i <= 10; i++ {
		code, body := lilyC.do("/signin", "/signin", url.Values{"email": {lily}})
		if code != http.StatusOK || !strings.Contains(body, "sign-in link is on its way") {
			t.Fatalf("Lily's browser, request %d in the quarter hour: %d", i, code)
		}
		if lastSent() {
			t.Fatalf("Lily's browser, request %d: mailed while 2 links mailed to her are live", i)
		}
	}
	if code, _ := lilyC.do("/signin", "/signin", url.Values{"email": {lily}}); code != http.StatusTooManyRequests {
		t.Errorf("Lily's browser, 11th request in a quarter hour from one IP: %d, want 429", code)
	}
}

// Behind a chain of listed proxies that name no client (a cloud load
// balancer in front of ingress-nginx writes the node's address, which
// the listed 10.0.0.0/8 holds) the farthest proxy is not a client: its
// address is everyone's. A stranger's requests do not refuse the team's,
// the address Lily signed in from is not taken for her browser, and the
// proxy is logged as naming no client.
func TestSignInBehindListedProxiesOnlyNamesNoClient(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	w.rebase("http://keepwarm.test")
	const node = "10.0.3.7"
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("X-Forwarded-For", node)
		w.app.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.signIn(srv, lily)
	var sessionIP string
	if err := w.raw.QueryRow(`SELECT ip FROM web_sessions ORDER BY id DESC LIMIT 1`).Scan(&sessionIP); err != nil {
		t.Fatal(err)
	}
	if sessionIP == node {
		t.Errorf("Lily's session is recorded from %s, the node every client comes through", node)
	}
	if !strings.Contains(log.String(), "names only 10.0.3.7, which web.trusted_proxies' 10.0.0.0/8 holds") {
		t.Errorf("X-Forwarded-For %s through listed proxies only: not taken for a proxy naming no client:\n%s", node, log.String())
	}

	// A stranger's eleven requests do not refuse Tom.
	w.clock.Advance(20 * time.Minute)
	for i := 0; i < 11; i++ {
		w.askFrom("127.0.0.1:40000", node, path("someone%d@else.example", i))
	}
	if code, body := w.askFrom("127.0.0.1:40000", node, tom); code != http.StatusOK {
		t.Fatalf("Tom after a stranger's 11 requests through the chain: %d %s", code, body)
	}

	// Asked for from a browser nobody signed in with, behind the same
	// chain, Lily's address is mailed no more than its daily ceiling.
	var ip string
	var sent bool
	for i := 0; i < 11; i++ {
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askFrom("127.0.0.1:40000", node, lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
		if err := w.raw.QueryRow(`SELECT ip, sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip, &sent); err != nil {
			t.Fatal(err)
		}
	}
	if sent {
		t.Errorf("an 11th link in a day mailed to Lily from %s (counted as %s), as if from her own browser", node, ip)
	}
}

// A stranger who sends his own Forwarded through an nginx that writes
// X-Forwarded-For (set up right) has his requests counted as the proxy's,
// but does not have keepwarm tell the operator to add the header nginx
// already adds, nor use up that once-only warning: a proxy swapped later
// for one that names no client is still logged. The two headers'
// disagreement is logged instead, at most every 15 minutes.
func TestSignInClientsOwnForwardedDoesNotSpendTheProxyWarning(t *testing.T) {
	w, log := proxied(t)
	const advice, conflict = "have the proxy add the header", "carried X-Forwarded-For and Forwarded that do not name the same client (one names none, or another one)"
	mixed := http.Header{"X-Forwarded-For": {"203.0.113.5"}, "Forwarded": {"for=6.6.6.6"}}
	w.askWith("127.0.0.1:40000", mixed, "nobody@else.example")
	w.askWith("127.0.0.1:40000", mixed, "nobody@else.example")
	logged := log.String()
	if strings.Contains(logged, advice) {
		t.Errorf("a client's own Forwarded through a proxy writing X-Forwarded-For: told to add the header:\n%s", logged)
	}
	if n := strings.Count(logged, conflict); n != 1 || !strings.Contains(logged, "proxy_set_header Forwarded") {
		t.Errorf("the two headers naming different clients logged %d times in a minute, want once with how to drop one:\n%s", n, logged)
	}
	w.clock.Advance(16 * time.Minute)
	w.askWith("127.0.0.1:40000", mixed, "nobody@else.example")
	if n := strings.Count(log.String(), conflict); n != 2 {
		t.Errorf("logged %d times, want again after 15 minutes:\n%s", n, log.String())
	}

	// The proxy is swapped for one that names no client: logged.
	w.askWith("127.0.0.1:40000", http.Header{}, "nobody@else.example")
	if !strings.Contains(log.String(), advice) {
		t.Errorf("a proxy naming no client after a client's own Forwarded: not logged:\n%s", log.String())
	}
}

// Behind a listed nginx on this machine with a load balancer (a Kubernetes
// node, a second proxy) in front that web.trusted_proxies does not list,
// X-Forwarded-For names the client and then the load balancer: once seen
// forwarding for two different clients, the load balancer is not a client
// shared by everyone. It is logged once with what to list, a stranger's
// requests do not refuse Tom, and the address Lily signed in through is
// not taken for her browser.
func TestSignInBehindAnUnlistedProxyInFrontOfTheListedOne(t *testing.T) {
	w, log := proxied(t)
	const lb = "10.0.3.7"
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("X-Forwarded-For", "198.51.100.20, "+lb)
		w.app.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.askFrom("127.0.0.1:40000", "198.51.100.21, "+lb, "nobody@else.example")
	if strings.Contains(log.String(), "does not list") {
		t.Errorf("a hop seen forwarding for one client only taken for a proxy:\n%s", log.String())
	}
	w.signIn(srv, lily)
	for _, want := range []string{"does not list 10.0.3.7, which forwards requests to 127.0.0.1", "names 198.51.100.20 before it", `if 10.0.3.7 is a proxy or a load balancer, add \"10.0.3.7/32\" to web.trusted_proxies`, "if it is a computer, a program there writes the header itself"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("an unlisted load balancer in front of the listed proxy: the log does not say %q:\n%s", want, log.String())
		}
	}

	w.clock.Advance(20 * time.Minute)
	for i := 0; i < 11; i++ {
		w.askFrom("127.0.0.1:40000", "203.0.113.66, "+lb, path("someone%d@else.example", i))
	}
	if code, body := w.askFrom("127.0.0.1:40000", "203.0.113.77, "+lb, tom); code != http.StatusOK {
		t.Fatalf("Tom after a stranger's 11 requests through the unlisted load balancer: %d %s", code, body)
	}
	for i := 0; i < 11; i++ {
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askFrom("127.0.0.1:40000", "203.0.113.66, "+lb, lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
	}
	if w.lastMailed(lily) {
		t.Error("an 11th link in a day mailed to Lily through the load balancer, as if from her own browser")
	}
	if n := strings.Count(log.String(), "does not list 10.0.3.7"); n != 1 {
		t.Errorf("the unlisted load balancer logged %d times, want once:\n%s", n, log.String())
	}
}

// A PC on the office LAN (or a scanner, a browser extension) that writes
// X-Forwarded-For itself behind the listed nginx is not taken for an
// unlisted proxy: it counts as its own address, and neither spends the
// once-only line nor has the operator told to trust it. A load balancer
// seen forwarding for two clients is logged after it, with only
// addresses in the line.
func TestSignInAPCWritingItsOwnXForwardedForIsNoProxy(t *testing.T) {
	w, log := proxied(t)
	lastIP := func() string {
		var ip string
		if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
			t.Fatal(err)
		}
		return ip
	}
	for _, xff := range []string{"127.0.0.1, 192.168.1.23", "192.168.1.23, 192.168.1.23", "add \"6.6.6.6/32\", 192.168.1.23"} {
		w.askFrom("127.0.0.1:40000", xff, "x@else.example")
		if got := lastIP(); got != "192.168.1.23" {
			t.Errorf("X-Forwarded-For %q: counted as %s, want the PC's own 192.168.1.23", xff, got)
		}
	}
	w.askFrom("127.0.0.1:40000", "198.51.100.20, 10.0.3.7", "x@else.example")
	w.askFrom("127.0.0.1:40000", "198.51.100.21, 10.0.3.7", "x@else.example")
	logged := log.String()
	if !strings.Contains(logged, "does not list 10.0.3.7") {
		t.Errorf("a load balancer seen forwarding for two clients after a PC wrote its own header: not logged:\n%s", logged)
	}
	if strings.Contains(logged, "192.168.1.23") || strings.Contains(logged, "6.6.6.6") {
		t.Errorf("the PC taken for a proxy, or header text in the log:\n%s", logged)
	}
}

// An office LAN listed as if it were a proxy (the NAS's reverse proxy at
// 192.168.1.2, web.trusted_proxies = 192.168.1.0/24): the PCs' addresses
// are taken for proxies, so every request counts as the proxy's shared
// address. run says so, naming the PC's address, the range that holds it
// and what to write, not to add a header the proxy already adds; and the
// team's own browsers asking through it do not use up the shared address's
// allowance for a colleague on a new phone.
func TestSignInBehindAListedOfficeLAN(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("192.168.1.0/24")}
	const ann = "ann@seller.example" // on a new phone
	w.withPeople(append(w.deps.People, web.Person{Email: ann, Name: "Ann"})...)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		r.RemoteAddr = "192.168.1.2:40000"
		r.Header.Set("X-Forwarded-For", "192.168.1.23")
		w.app.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	var team []*client
	for _, who := range []string{lily, tom, mei} {
		c := w.signIn(srv, who)
		if code, _ := c.do("/", "/signout", nil); code != http.StatusSeeOther {
			t.Fatalf("%s signs out: %d", who, code)
		}
		team = append(team, c)
	}
	logged := log.String()
	for _, want := range []string{"X-Forwarded-For through 192.168.1.2 names only 192.168.1.23", "web.trusted_proxies' 192.168.1.0/24 holds", `\"192.168.1.2/32\"`, "externalTrafficPolicy: Local"} {
		if !strings.Contains(logged, want) {
			t.Errorf("a listed office LAN: the log does not say %q:\n%s", want, logged)
		}
	}
	if strings.Contains(logged, "have the proxy add the header") {
		t.Errorf("a listed office LAN: told to add the header the proxy adds:\n%s", logged)
	}

	w.clock.Advance(20 * time.Minute)
	for i, c := range team {
		for j := 0; j < 10; j++ {
			if code, _ := c.do("/signin", "/signin", url.Values{"email": {[]string{lily, tom, mei}[i]}}); code != http.StatusOK {
				t.Fatalf("team browser %d, request %d: %d", i, j+1, code)
			}
		}
	}
	if code, body := w.askFrom("192.168.1.2:40000", "192.168.1.40", ann); code != http.StatusOK {
		t.Errorf("Ann on a new phone after the team's own 30 requests through the office proxy: %d\n%s", code, body)
	}
}

// A proxy in front of the listed nginx, listed by its own address, that
// writes no header (X-Forwarded-For: 10.0.0.5): run says the proxy in
// front names no client and which header to add, not that a listed range
// holds clients.
func TestSignInBehindAListedProxyWhoseFrontProxyNamesNoClient(t *testing.T) {
	w, log := proxied(t)
	w.cfg.TrustedProxies = append(w.cfg.TrustedProxies, netip.MustParsePrefix("10.0.0.5/32"))
	w.rebase("http://keepwarm.test")
	w.askFrom("127.0.0.1:40000", "10.0.0.5", "nobody@else.example")
	for _, want := range []string{"X-Forwarded-For through 127.0.0.1 names only 10.0.0.5, a proxy web.trusted_proxies lists (10.0.0.5/32)", "have that proxy add the header"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "office LAN") {
		t.Errorf("a proxy listed by its own address taken for a listed LAN:\n%s", log.String())
	}
}

// A request made on the proxy's own machine (curl, a health check: nginx
// writes X-Forwarded-For: 127.0.0.1) is not logged as a proxy set up
// wrong, and does not spend the line of a listed office LAN.
func TestSignInMadeOnTheProxysOwnMachine(t *testing.T) {
	w, log := proxied(t)
	w.cfg.TrustedProxies = append(w.cfg.TrustedProxies, netip.MustParsePrefix("192.168.1.0/24"))
	w.rebase("http://keepwarm.test")
	w.askFrom("127.0.0.1:40000", "127.0.0.1", "nobody@else.example")
	logged := log.String()
	for _, want := range []string{"X-Forwarded-For through 127.0.0.1 names only 127.0.0.1, the proxy's own address", "a request made on that machine (curl, a health check)", "nothing needs changing"} {
		if !strings.Contains(logged, want) {
			t.Errorf("a request made on the proxy's machine: the log does not say %q:\n%s", want, logged)
		}
	}
	if strings.Contains(logged, "level=WARN") || strings.Contains(logged, "the proxy in front of it names no client") {
		t.Errorf("a request made on the proxy's machine logged as a proxy problem:\n%s", logged)
	}
	w.askFrom("127.0.0.1:40000", "192.168.1.23", "nobody@else.example")
	if !strings.Contains(log.String(), "names only 192.168.1.23, which web.trusted_proxies' 192.168.1.0/24 holds") {
		t.Errorf("the listed office LAN after a request made on the proxy's machine: not logged:\n%s", log.String())
	}
}

// A scanner on the office LAN that writes two different X-Forwarded-For
// values behind the listed nginx is taken for an unlisted proxy and
// logged; a load balancer put in front a month later is logged too (the
// line is once a hop, not once for all), and the scanner's PC counts as
// its own address again once a day passes without it forwarding for
// another client.
func TestSignInAScannerTakenForAProxyDoesNotHideALoadBalancer(t *testing.T) {
	w, log := proxied(t)
	lastIP := func() string {
		var ip string
		if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
			t.Fatal(err)
		}
		return ip
	}
	w.askFrom("127.0.0.1:40000", "127.0.0.1, 192.168.1.23", "x@else.example")
	w.askFrom("127.0.0.1:40000", "10.0.0.1, 192.168.1.23", "x@else.example")
	w.askFrom("127.0.0.1:40000", "192.168.1.1, 192.168.1.23", "x@else.example")
	if n := strings.Count(log.String(), "does not list 192.168.1.23"); n != 1 {
		t.Errorf("the scanner's PC taken for a proxy logged %d times, want once:\n%s", n, log.String())
	}

	w.clock.Advance(25 * time.Hour)
	w.askFrom("127.0.0.1:40000", "127.0.0.1, 192.168.1.23", "x@else.example")
	if got := lastIP(); got != "192.168.1.23" {
		t.Errorf("a day after the scan, the PC's request counted as %s, want its own 192.168.1.23", got)
	}

	w.clock.Advance(30 * 24 * time.Hour)
	w.askFrom("127.0.0.1:40000", "198.51.100.20, 10.0.3.7", "x@else.example")
	w.askFrom("127.0.0.1:40000", "198.51.100.21, 10.0.3.7", "x@else.example")
	if !strings.Contains(log.String(), "does not list 10.0.3.7") {
		t.Errorf("a load balancer added after a scanner was taken for a proxy: not logged:\n%s", log.String())
	}
}

// A listed proxy that passes requests on naming no client (nginx with a
// bare proxy_pass) passes on as it came an X-Forwarded-For the client
// wrote itself. While it is seen doing so, that header names nobody: a
// stranger cannot pick an address for each request to escape the limits
// of the proxy's shared address, nor name the office's address, which Lily
// signed in from, to pass for her browser past her daily ceiling, however
// long the team is quiet. Once a signed-in browser's request through it
// names a client, the header names the client again (the proxy was set
// up to write it).
func TestSignInBehindAProxyNamingNoClientAClientsOwnHeaderNamesNobody(t *testing.T) {
	w, log := proxied(t)
	lastRequest := func() (ip string, sent bool) {
		if err := w.raw.QueryRow(`SELECT ip, sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip, &sent); err != nil {
			t.Fatal(err)
		}
		return ip, sent
	}
	if code, _ := w.askFrom("127.0.0.1:40000", "", "nobody@else.example"); code != http.StatusOK {
		t.Fatalf("a request naming no client: %d", code)
	}
	sum := sha256.Sum256([]byte("lily-office-session-token-0123456789abcdef"))
	if _, err := w.be.AddSession(w.ctx, hex.EncodeToString(sum[:]), web.Session{Email: lily, IP: "198.51.100.7",
		CreatedAt: now0, SeenAt: now0, ExpiresAt: now0.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for n := 1; n <= 12 && refused == 0; n++ {
		code, _ := w.askFrom("127.0.0.1:40000", fmt.Sprintf("203.0.113.%d", n), lily)
		if code == http.StatusTooManyRequests {
			refused = n
		}
	}
	if refused != web.RatePerEmailIP+1 {
		t.Errorf("requests for Lily, each naming another address of its own: the first refused is %d, want %d (the shared address's limit for one address)", refused, web.RatePerEmailIP+1)
	}
	for i := 0; i < web.MailPerPersonDay; i++ {
		w.clock.Advance(16 * time.Minute) // the links before are no longer live
		if code, _ := w.askFrom("127.0.0.1:40000", "", lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
	}
	w.clock.Advance(16 * time.Minute)
	if code, _ := w.askFrom("127.0.0.1:40000", "198.51.100.7", lily); code != http.StatusOK {
		t.Fatalf("a request naming the office's address: %d", code)
	}
	if ip, sent := lastRequest(); sent || ip != "127.0.0.1" {
		t.Errorf("a request naming the office's address Lily signed in from, past her daily ceiling: counted as %s, mailed %t; want the proxy's address, not mailed", ip, sent)
	}

	if !strings.Contains(log.String(), "127.0.0.1 passed on a request naming no client") || !strings.Contains(log.String(), "not believed") {
		t.Errorf("the header of a request through the proxy was set aside, not logged:\n%s", log.String())
	}

	// A weekend with no request from the team: still not believed.
	w.clock.Advance(3 * 24 * time.Hour)
	if code, _ := w.askFrom("127.0.0.1:40000", "198.51.100.7", lily); code != http.StatusOK {
		t.Fatalf("a request naming the office's address after a weekend: %d", code)
	}
	if ip, _ := lastRequest(); ip != "127.0.0.1" {
		t.Errorf("a request naming the office's address three days after the proxy last named no client: counted as %s, want the proxy's address", ip)
	}

	// A request naming a client that carries a device cookie anyone can
	// write does not restore the header; one from a signed-in browser
	// that came through without the header does: the proxy now writes it.
	page := func(xff string, cookie *http.Cookie) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:40000"
		r.Header.Set("X-Forwarded-For", xff)
		r.AddCookie(cookie)
		w.app.ServeHTTP(httptest.NewRecorder(), r)
	}
	page("203.0.113.60", &http.Cookie{Name: "kw_device", Value: "forged-device-cookie-0123456789abcdef"})
	w.askFrom("127.0.0.1:40000", "203.0.113.51", "nobody@else.example")
	if ip, _ := lastRequest(); ip != "127.0.0.1" {
		t.Errorf("after a named request with a forged device cookie: counted as %s, want the proxy's address", ip)
	}
	const meisToken = "mei-home-session-token-0123456789abcdef"
	sum = sha256.Sum256([]byte(meisToken))
	if _, err := w.be.AddSession(w.ctx, hex.EncodeToString(sum[:]), web.Session{Email: mei, IP: "127.0.0.1",
		CreatedAt: w.clock.Now(), SeenAt: w.clock.Now(), ExpiresAt: w.clock.Now().Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.AddCookie(&http.Cookie{Name: "kw_session", Value: meisToken})
	w.app.ServeHTTP(httptest.NewRecorder(), r) // Mei's page without the header
	page("203.0.113.9", &http.Cookie{Name: "kw_session", Value: meisToken})
	w.askFrom("127.0.0.1:40000", "203.0.113.50", "nobody@else.example")
	if ip, _ := lastRequest(); ip != "203.0.113.50" {
		t.Errorf("after Mei's signed-in browser, once without the header, came with one naming a client: counted as %s, want the client it names", ip)
	}
}

// A request made on the proxy's machine straight to web.listen (curl, a
// monitor) names no client and carries no cookie keepwarm gave: it does
// not make the header of the requests the proxy passes on unbelieved, and
// the operator is not told to have the proxy add a header it adds.
func TestSignInAMonitorOnTheProxysMachineDoesNotUnsettleTheHeader(t *testing.T) {
	w, log := proxied(t)
	for _, path := range []string{"/signin", "/healthz", "/"} {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.RemoteAddr = "127.0.0.1:40000"
		w.app.ServeHTTP(httptest.NewRecorder(), r)
	}
	refused := 0
	for n := 1; n <= web.RatePerEmail+1 && refused == 0; n++ {
		if code, _ := w.askFrom("127.0.0.1:40000", fmt.Sprintf("203.0.113.%d", n), lily); code == http.StatusTooManyRequests {
			refused = n
		}
	}
	if refused != web.RatePerEmail+1 {
		t.Errorf("requests for Lily through the proxy, each from another client: the first refused is %d, want %d (the limit for one address from anywhere)", refused, web.RatePerEmail+1)
	}
	var ip string
	if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
		t.Fatal(err)
	}
	if ip != fmt.Sprintf("203.0.113.%d", web.RatePerEmail) {
		t.Errorf("the last request counted as %s, want the client the proxy names", ip)
	}
	if strings.Contains(log.String(), "have the proxy add the header") || strings.Contains(log.String(), "not believed") {
		t.Errorf("a monitor's requests made the log say the proxy writes no header:\n%s", log.String())
	}
}

// Behind a bare proxy_pass, a colleague whose browser sits behind an
// office proxy that writes X-Forwarded-For itself (Squid's default) does
// not end the distrust: his session never came through without the
// header, so the header his requests carry says nothing of keepwarm's
// proxy. Only a browser that came through without the header and now
// comes with one shows the proxy writes it.
func TestSignInBehindABareProxyAnOfficeProxysHeaderDoesNotRestoreTrust(t *testing.T) {
	w, log := proxied(t)
	lastRequest := func() (ip string, sent bool) {
		if err := w.raw.QueryRow(`SELECT ip, sent FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip, &sent); err != nil {
			t.Fatal(err)
		}
		return ip, sent
	}
	session := func(email, ip, tok string) {
		sum := sha256.Sum256([]byte(tok))
		if _, err := w.be.AddSession(w.ctx, hex.EncodeToString(sum[:]), web.Session{Email: email, IP: ip,
			CreatedAt: w.clock.Now(), SeenAt: w.clock.Now(), ExpiresAt: w.clock.Now().Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	const meisToken, tomsToken = "mei-home-session-token-0123456789abcdef", "tom-squid-session-token-0123456789abcdef"
	session(lily, "198.51.100.7", "lily-office-session-token-0123456789abcdef")
	session(mei, "127.0.0.1", meisToken)
	session(tom, "192.168.1.23", tomsToken)
	page := func(xff, tok string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:40000"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		r.AddCookie(&http.Cookie{Name: "kw_session", Value: tok})
		w.app.ServeHTTP(httptest.NewRecorder(), r)
	}
	// Lily's links for the day are used up.
	for i := 0; i < web.MailPerPersonDay; i++ {
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askFrom("127.0.0.1:40000", "", lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily: %d", i+1, code)
		}
	}
	w.clock.Advance(16 * time.Minute)
	page("", meisToken)             // Mei at home: no header
	page("192.168.1.23", tomsToken) // Tom behind the office's Squid
	if code, _ := w.askFrom("127.0.0.1:40000", "198.51.100.7", lily); code != http.StatusOK {
		t.Fatalf("a stranger's request naming Lily's office address: %d", code)
	}
	if ip, sent := lastRequest(); sent || ip != "127.0.0.1" {
		t.Errorf("after Tom's page through his office proxy, a stranger naming Lily's address past her ceiling: counted as %s, mailed %t; want the proxy's address, not mailed", ip, sent)
	}
	if strings.Contains(log.String(), "believed again") {
		t.Errorf("Tom's office proxy's header logged as the proxy writing it now:\n%s", log.String())
	}

	// The operator fixes nginx: Mei's browser, once without the header,
	// now comes with one.
	page("203.0.113.9", meisToken)
	w.askFrom("127.0.0.1:40000", "203.0.113.50", "nobody@else.example")
	if ip, _ := lastRequest(); ip != "203.0.113.50" {
		t.Errorf("after Mei's browser, once without the header, came with one: counted as %s, want the client it names", ip)
	}
	if !strings.Contains(log.String(), "believed again") {
		t.Errorf("the proxy writing the header now is not logged:\n%s", log.String())
	}
}

// Behind a proxy that writes no header, the first request without a
// keepwarm cookie after a start (a new browser's sign-in page, or a
// stranger's) is not logged as needing no change without saying it is so
// only if it was curl or a monitor on the proxy's machine.
func TestSignInBehindABareProxyACookielessRequestIsNotSaidToNeedNoChange(t *testing.T) {
	w, log := proxied(t)
	r := httptest.NewRequest(http.MethodGet, "/signin", nil)
	r.RemoteAddr = "127.0.0.1:40000"
	w.app.ServeHTTP(httptest.NewRecorder(), r)
	w.askFrom("127.0.0.1:40000", "", "nobody@else.example") // its POST carries the form's cookie
	logged := log.String()
	if !strings.Contains(logged, "have the proxy add the header") {
		t.Errorf("a browser's request with no header not logged as the proxy's to fix:\n%s", logged)
	}
	said := false
	for _, line := range strings.Split(logged, "\n") {
		if !strings.Contains(line, "names no client and carries no cookie keepwarm gave") {
			continue
		}
		said = true
		if !strings.Contains(line, "if it was made on that machine straight to web.listen (curl, a monitor), it counts as 127.0.0.1 and nothing needs changing") ||
			!strings.Contains(line, "a browser's request through the proxy naming no client is logged on its own line") {
			t.Errorf("a cookie-less request logged as needing no change, not only if it was curl or a monitor on the proxy's machine:\n%s", line)
		}
	}
	if !said {
		t.Errorf("a cookie-less request not logged:\n%s", logged)
	}
}
