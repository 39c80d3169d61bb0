package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// askFrom asks for a sign-in link for email as a browser at remote
// ("ip:port", the peer the server sees) would, with an X-Forwarded-For
// header when xff is not empty; it returns the status and body.
func (w *world) askFrom(remote, xff, email string) (int, string) {
	w.t.Helper()
	req := func(r *http.Request) *httptest.ResponseRecorder {
		r.RemoteAddr = remote
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		rec := httptest.NewRecorder()
		w.app.ServeHTTP(rec, r)
		return rec
	}
	page := req(httptest.NewRequest(http.MethodGet, "/signin", nil))
	form := url.Values{"email": {email}, "csrf": {csrfOf(w.t, page.Body.String())}}
	post := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range page.Result().Cookies() {
		post.AddCookie(c)
	}
	rec := req(post)
	return rec.Code, rec.Body.String()
}

// Someone asking for Lily's address from elsewhere uses up their own
// allowance, not Lily's: she still gets her link. Asked for from many
// places, the address has a cap of its own.
func TestSignInLimitPerAddressIsPerIPWithACapAcrossIPs(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for i := 0; i < 3; i++ {
		if code, body := w.askFrom("203.0.113.9:4000", "", lily); code != http.StatusOK {
			t.Fatalf("outsider's request %d: %d %s", i+1, code, body)
		}
	}
	if code, _ := w.askFrom("203.0.113.9:4000", "", lily); code != http.StatusTooManyRequests {
		t.Fatalf("outsider's 4th request for Lily: %d", code)
	}
	if code, body := w.askFrom("192.0.2.10:5000", "", lily); code != http.StatusOK || !strings.Contains(body, "sign-in link is on its way") {
		t.Fatalf("Lily from her own IP after the outsider: %d %s", code, body)
	}
	// 4 so far; from six more places the address reaches its cap of 10.
	for i := 0; i < 6; i++ {
		if code, _ := w.askFrom(path("198.51.100.%d:4000", i+1), "", lily); code != http.StatusOK {
			t.Fatalf("request %d for Lily from elsewhere: %d", i+5, code)
		}
	}
	if code, _ := w.askFrom("198.51.100.99:4000", "", lily); code != http.StatusTooManyRequests {
		t.Fatalf("11th request for Lily from a new IP: %d", code)
	}
	// Tom is not touched by any of it.
	if code, _ := w.askFrom("192.0.2.11:5000", "", tom); code != http.StatusOK {
		t.Fatalf("Tom: %d", code)
	}
}

// A burst of requests at once cannot all pass the count: exactly the
// limit is recorded and answered with a link.
func TestSignInLimitHoldsForParallelRequests(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)
	_, page := c.get("/signin")
	csrf := csrfOf(t, page)
	var wg sync.WaitGroup
	codes := make(chan int, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.c.PostForm(srv.URL+"/signin", url.Values{"email": {lily}, "csrf": {csrf}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(codes)
	got := map[int]int{}
	for code := range codes {
		got[code]++
	}
	if got[http.StatusOK] != 3 || got[http.StatusTooManyRequests] != 17 {
		t.Fatalf("answers %v, want 3 OK and 17 refused", got)
	}
	if n := w.count(`SELECT count(*) FROM web_login_tokens WHERE email = ?`, lily); n != 3 {
		t.Fatalf("%d requests recorded, want 3", n)
	}
}

// Behind a trusted proxy each client is counted by its own address, the
// rightmost one the proxies did not add; a client's own X-Forwarded-For
// is not believed, nor the header from a peer that is no trusted proxy.
func TestSignInCountsTheClientBehindATrustedProxy(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.9.0.0/16")}
	w.rebase("http://keepwarm.test")
	lastIP := func() string {
		var ip string
		if err := w.raw.QueryRow(`SELECT ip FROM web_login_tokens ORDER BY id DESC LIMIT 1`).Scan(&ip); err != nil {
			t.Fatal(err)
		}
		return ip
	}
	for _, c := range []struct{ remote, xff, want string }{
		{"127.0.0.1:40000", "203.0.113.7", "203.0.113.7"},
		{"127.0.0.1:40000", "6.6.6.6, 203.0.113.8", "203.0.113.8"},   // the client wrote 6.6.6.6 itself
		{"127.0.0.1:40000", "203.0.113.9, 10.9.1.1", "203.0.113.9"},  // through two proxies
		{"127.0.0.1:40000", "", "127.0.0.1"},                         // no header: the peer
		{"198.51.100.4:40000", "203.0.113.10", "198.51.100.4"},       // not a proxy of ours
		{"127.0.0.1:40000", "10.9.3.3, 10.9.1.1", "10.9.3.3"},        // proxies all the way
		{"[::ffff:127.0.0.1]:40000", "203.0.113.11", "203.0.113.11"}, // the proxy over IPv6-mapped
		{"127.0.0.1:40000", "junk, 203.0.113.12", "203.0.113.12"},    // garbage further left is the client's
	} {
		if code, body := w.askFrom(c.remote, c.xff, path("nobody%d@else.example", len(c.want))); code != http.StatusOK {
			t.Fatalf("%s via %s: %d %s", c.xff, c.remote, code, body)
		}
		if got := lastIP(); got != c.want {
			t.Errorf("X-Forwarded-For %q via %s: counted as %s, want %s", c.xff, c.remote, got, c.want)
		}
	}
	// Ten clients behind the proxy each have their own allowance.
	w.clock.Advance(20 * time.Minute)
	for i := 0; i < 12; i++ {
		if code, _ := w.askFrom("127.0.0.1:40000", path("192.0.2.%d", i+1), path("someone%d@else.example", i)); code != http.StatusOK {
			t.Fatalf("client %d behind the proxy: %d", i+1, code)
		}
	}
}

// A team address and a stranger's get the same answer, at once: the mail
// goes out after the answer (a slow mail server does not hold it up), and
// one that fails is logged for the operator, without the link, while the
// answer stays the same.
func TestSignInAnswersTheSameAtOnceForAnyAddress(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)

	codeStranger, bodyStranger := c.askLink("stranger@else.example", "")
	hold := w.smtp.HoldNextData()
	start := time.Now()
	codeLily, bodyLily := c.askLink(lily, "")
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("the answer waited %s for the mail server", took)
	}
	if codeStranger != http.StatusOK || codeLily != codeStranger || bodyLily != bodyStranger {
		t.Fatalf("stranger %d, Lily %d; the bodies differ: %v\n%s", codeStranger, codeLily, bodyLily != bodyStranger, bodyLily)
	}
	select {
	case <-hold.Held:
	case <-time.After(10 * time.Second):
		t.Fatal("Lily's mail never reached the server")
	}
	hold.Release()
	w.app.WaitDeliveries()
	if msgs := w.smtp.Messages(); len(msgs) != 1 || msgs[0].To[0] != lily {
		t.Fatalf("mail: %+v", msgs)
	}

	// The mail server refuses Tom's: the same answer; the log says so.
	w.smtp.FailNextData(1, 554)
	codeTom, bodyTom := c.askLink(tom, "")
	if codeTom != codeStranger || bodyTom != bodyStranger {
		t.Fatalf("Tom with a failing mail server: %d\n%s", codeTom, bodyTom)
	}
	w.app.WaitDeliveries()
	logged := log.String()
	if !strings.Contains(logged, "sign-in link not sent") || !strings.Contains(logged, tom) {
		t.Fatalf("the failure is not logged:\n%s", logged)
	}
	if strings.Contains(logged, "/signin/link") || strings.Contains(logged, "?t=") {
		t.Fatalf("the log holds the link:\n%s", logged)
	}
	if len(w.smtp.Messages()) != 1 {
		t.Fatalf("Tom's refused mail arrived: %d", len(w.smtp.Messages()))
	}
}
