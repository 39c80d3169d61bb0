package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// Behind a bare proxy_pass, a stranger's requests without the header,
// each carrying many made-up device cookies and session tokens, do not
// push the team's browsers out of those whose coming back with the header
// shows the proxy writes it now: only a live session's browser is
// remembered. They did, and after the operator fixed nginx no request came
// without the header to remember Mei's browser again: the header stayed
// unbelieved, everyone counted as the proxy's address, until a restart.
func TestSignInBehindABareProxyForgedCookiesDoNotKeepTheHeaderUnbelieved(t *testing.T) {
	w, log := proxied(t)
	const meisToken = "mei-home-session-token-0123456789abcdef"
	sum := sha256.Sum256([]byte(meisToken))
	if _, err := w.be.AddSession(w.ctx, hex.EncodeToString(sum[:]), web.Session{Email: mei, IP: "127.0.0.1",
		CreatedAt: w.clock.Now(), SeenAt: w.clock.Now(), ExpiresAt: w.clock.Now().Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	page := func(xff string, cookies ...*http.Cookie) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "127.0.0.1:40000"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w.app.ServeHTTP(httptest.NewRecorder(), r)
	}
	page("", &http.Cookie{Name: "kw_session", Value: meisToken}) // Mei's page without the header
	// The stranger: 5 requests without the header, each with 16 device
	// cookies of 40 characters and 4 session tokens, none of them live.
	for i := 0; i < 5; i++ {
		var cookies []*http.Cookie
		for j := 0; j < 16; j++ {
			cookies = append(cookies, &http.Cookie{Name: "kw_device", Value: fmt.Sprintf("forged-device-%02d-%02d-0123456789abcdefghij", i, j)})
		}
		for j := 0; j < 4; j++ {
			cookies = append(cookies, &http.Cookie{Name: "kw_session", Value: fmt.Sprintf("forged-session-%02d-%02d-0123456789abcdef", i, j)})
		}
		page("", cookies...)
	}
	// The operator fixes nginx: Mei's browser comes with the header.
	w.clock.Advance(time.Minute)
	page("203.0.113.9", &http.Cookie{Name: "kw_session", Value: meisToken})
	w.askFrom("127.0.0.1:40000", "203.0.113.50", "nobody@else.example")
	var ip string
	if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
		t.Fatal(err)
	}
	if ip != "203.0.113.50" {
		t.Errorf("after Mei's browser, once without the header, came with one: counted as %s, want the client it names", ip)
	}
	if !strings.Contains(log.String(), "believed again") {
		t.Errorf("the proxy writing the header now is not logged:\n%s", log.String())
	}
}
