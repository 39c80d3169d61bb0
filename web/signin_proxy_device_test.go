package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// Behind a bare proxy_pass, Mei's browser was seen without the header in
// session A; A ended (she signed out, or it expired) and she signed in
// again in the same browser (session B, the same device cookie: over https,
// where a sign-in keeps it; this http world adds B with it directly). Once the
// operator fixes nginx, her named request in B shows the proxy writes the
// header now: the browser is known by the live session's device cookie
// too, which a stranger cannot give a live session. Before, only A's token
// was remembered, and the header stayed unbelieved until a restart.
func TestSignInBehindABareProxyTheSameBrowserSignedInAgainEndsTheDistrust(t *testing.T) {
	w, log := proxied(t)
	const tokA, tokB, device = "mei-session-a-0123456789abcdef0123", "mei-session-b-0123456789abcdef0123", "mei-device-cookie-0123456789abcdefghij"
	hash := func(s string) string { sum := sha256.Sum256([]byte(s)); return hex.EncodeToString(sum[:]) }
	now := w.clock.Now()
	a, err := w.be.AddSession(w.ctx, hash(tokA), web.Session{Email: mei, IP: "127.0.0.1", CreatedAt: now, SeenAt: now,
		ExpiresAt: now.Add(48 * time.Hour), DeviceHash: hash(device)})
	if err != nil {
		t.Fatal(err)
	}
	page := func(xff, tok string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:40000"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		r.AddCookie(&http.Cookie{Name: "kw_session", Value: tok})
		r.AddCookie(&http.Cookie{Name: "kw_device", Value: device})
		w.app.ServeHTTP(httptest.NewRecorder(), r)
	}
	page("", tokA)                                                      // Mei's page without the header
	w.askFrom("127.0.0.1:40000", "198.51.100.7", "nobody@else.example") // a named request meanwhile: logged
	if !strings.Contains(log.String(), "or until keepwarm restarts") {
		t.Errorf("the warning does not say a restart ends the distrust too:\n%s", log.String())
	}
	w.clock.Advance(time.Minute)
	if err := w.be.EndSession(w.ctx, a, w.clock.Now()); err != nil { // she signs out
		t.Fatal(err)
	}
	now = w.clock.Now()
	if _, err := w.be.AddSession(w.ctx, hash(tokB), web.Session{Email: mei, IP: "127.0.0.1", CreatedAt: now, SeenAt: now,
		ExpiresAt: now.Add(48 * time.Hour), DeviceHash: hash(device)}); err != nil {
		t.Fatal(err)
	}
	// The operator fixes nginx: Mei's browser comes with the header, in B.
	w.clock.Advance(time.Minute)
	page("203.0.113.9", tokB)
	w.askFrom("127.0.0.1:40000", "203.0.113.50", "nobody@else.example")
	var ip string
	if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
		t.Fatal(err)
	}
	if ip != "203.0.113.50" {
		t.Errorf("after Mei's browser, seen without the header and signed in again, came with one: counted as %s, want the client it names", ip)
	}
	if !strings.Contains(log.String(), "believed again") {
		t.Errorf("the proxy writing the header now is not logged:\n%s", log.String())
	}
}

// The README says the distrust of a bare proxy ends by a browser signed in
// again only over https: over http every sign-in gives the browser a new
// device value (TestSignInOverHTTPSKeepsTheBrowsersDeviceCookie is the
// https half), so the session signed in since is not known as the same
// browser there.
func TestReadmeSaysTheDistrustEndsByASecondSignInOnlyOverHTTPS(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	_, s, ok := strings.Cut(readme, "until a signed-in browser whose request it passed on with no header")
	if !ok {
		t.Fatal("README has no sentence on when the proxy's header is believed again")
	}
	s, _, _ = strings.Cut(s, "keepwarm restarts")
	if !strings.Contains(s, "signed in since in the same browser over https") {
		t.Errorf("README does not say a browser signed in again ends the distrust only over https:\n%s", s)
	}
}
