package web_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/web"
)

// askFrom asks for a sign-in link for email as a browser at remote
// ("ip:port", the peer the server sees) would, with an X-Forwarded-For
// header when xff is not empty; it returns the status and body.
func (w *world) askFrom(remote, xff, email string) (int, string) {
	w.t.Helper()
	h := http.Header{}
	if xff != "" {
		h.Set("X-Forwarded-For", xff)
	}
	return w.askWith(remote, h, email)
}

// askWith is askFrom with the request headers a proxy wrote.
func (w *world) askWith(remote string, hdr http.Header, email string) (int, string) {
	w.t.Helper()
	req := func(r *http.Request) *httptest.ResponseRecorder {
		r.RemoteAddr = remote
		for k, v := range hdr {
			r.Header[k] = v
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
	// The answer's language switch carries this browser's own form token
	// (in the page's csrf-token too): the same answer to everyone differs
	// only there.
	body := langTokenRE.ReplaceAllString(rec.Body.String(), `value="TOKEN" name="csrf"`)
	return rec.Code, metaTokenRE.ReplaceAllString(body, `name="csrf-token" content="TOKEN"`)
}

var (
	langTokenRE = regexp.MustCompile(`value="[^"]*" name="csrf"`)
	metaTokenRE = regexp.MustCompile(`name="csrf-token" content="[^"]*"`)
)

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
		{"198.51.100.4:40000", "203.0.113.10", "198.51.100.4"},       // not a proxy of ours
		{"127.0.0.1:40000", "10.9.3.3, 10.9.1.1", "127.0.0.1"},       // proxies all the way: no client named, the proxy's shared address
		{"[::ffff:127.0.0.1]:40000", "203.0.113.11", "203.0.113.11"}, // the proxy over IPv6-mapped
		{"127.0.0.1:40000", "junk, 203.0.113.12", "203.0.113.12"},    // garbage further left is the client's
		{"127.0.0.1:40000", "203.0.113.5:41234", "203.0.113.5"},      // a proxy that writes the client's port
		{"127.0.0.1:40000", "[2001:db8::5]:41234", "2001:db8::/64"},  // the same over IPv6 (counted by its /64)
		{"127.0.0.1:40000", "203.0.113.13, 10.9.1.1:5000", "203.0.113.13"},
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
	// The same behind a proxy that writes ports: a stranger's eleven
	// requests do not refuse the next client.
	w.clock.Advance(20 * time.Minute)
	for i := 0; i < 11; i++ {
		w.askFrom("127.0.0.1:40000", path("203.0.113.66:%d", 40000+i), path("someone%d@else.example", i))
	}
	if code, _ := w.askFrom("127.0.0.1:40000", "192.0.2.10:5000", lily); code != http.StatusOK {
		t.Fatalf("Lily behind the proxy after a stranger's 11 requests: %d", code)
	}
	// No header: the peer. (Last: from then on, the proxy writing no
	// header, the one a request carries names nobody.)
	w.askFrom("127.0.0.1:40000", "", "nobody@else.example")
	if got := lastIP(); got != "127.0.0.1" {
		t.Errorf("no X-Forwarded-For via 127.0.0.1: counted as %s, want the peer", got)
	}
}

// A proxy on this machine or the local network that is not in
// web.trusted_proxies makes every client count as the proxy: the first
// request it forwards is logged once, naming the key and the line to add.
// A peer on the internet writing the header is not taken for a proxy.
func TestSignInWarnsOfAProxyNotInTrustedProxies(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.rebase("http://keepwarm.test")
	w.askFrom("127.0.0.1:40000", "", "nobody@else.example")
	w.askFrom("203.0.113.4:40000", "198.51.100.1", "nobody@else.example")
	if strings.Contains(log.String(), "trusted_proxies") {
		t.Fatalf("warned without a proxy in front:\n%s", log.String())
	}
	w.askFrom("172.17.0.1:40000", "203.0.113.7", "nobody@else.example")
	w.askFrom("172.17.0.1:40000", "203.0.113.8", "nobody@else.example")
	logged := log.String()
	if n := strings.Count(logged, "web.trusted_proxies does not list 172.17.0.1"); n != 1 ||
		!strings.Contains(logged, "every client counts as 172.17.0.1 for the sign-in limits") || !strings.Contains(logged, `add \"172.17.0.1/32\"`) {
		t.Fatalf("the warning is logged %d times, want once naming the key and the fix:\n%s", n, logged)
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

// lastMailed says whether the latest sign-in request for email was
// recorded as a link to mail.
func (w *world) lastMailed(email string) bool {
	w.t.Helper()
	return w.count(`SELECT sent FROM web_login_tokens WHERE email = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, email) == 1
}

// Anyone who has had a mail from the team knows its addresses. A stranger
// asking for two of them from one IP for two hours, inside every rate
// limit, uses up those two addresses' ceilings of mailed links, not the
// team's: Tom still gets his link; Lily gets hers at the office she signed
// in from before; the office is not held to the cap an address has across
// IPs, for any address asked for (the answer tells nobody who is on the
// team); and the manager sees whose links are held back, with the command
// that prints one.
func TestSignInFloodKeepsColleaguesAndTheUsualBrowserSigningIn(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	// Lily signed in at the office before; that session has ended.
	if _, err := w.be.AddSession(w.ctx, "lily-office-session", web.Session{Email: lily, IP: "192.0.2.10",
		CreatedAt: now0.Add(-40 * 24 * time.Hour), ExpiresAt: now0.Add(-10 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	const office, stranger = "192.0.2.10:5000", "203.0.113.66:4000"

	for window := 0; window < 8; window++ {
		for _, email := range []string{lily, mei, lily, mei} {
			if code, body := w.askFrom(stranger, "", email); code != http.StatusOK || !strings.Contains(body, "sign-in link is on its way") {
				t.Fatalf("window %d, %s: %d %s", window, email, code, body)
			}
		}
		w.clock.Advance(RateWindowPlus)
	}
	if n := w.count(`SELECT count(*) FROM web_login_tokens WHERE email = ? AND sent = 1`, lily); n != web.MailPerPersonDay {
		t.Fatalf("%d links mailed to Lily in the flood, want her ceiling of %d", n, web.MailPerPersonDay)
	}
	if w.lastMailed(lily) {
		t.Fatal("Lily's last link in the flood was mailed: past her ceiling")
	}

	// Tom is judged on his own count.
	if code, _ := w.askFrom("198.51.100.20:4000", "", tom); code != http.StatusOK || !w.lastMailed(tom) {
		t.Fatalf("Tom after the flood of Lily and Mei: %d, mailed %t", code, w.lastMailed(tom))
	}
	// Lily at the office gets her link; from anywhere else she is at her ceiling.
	if code, _ := w.askFrom(office, "", lily); code != http.StatusOK || !w.lastMailed(lily) {
		t.Fatalf("Lily from the office she signed in from: %d, mailed %t", code, w.lastMailed(lily))
	}
	if code, body := w.askFrom("198.51.100.21:4000", "", lily); code != http.StatusOK || !strings.Contains(body, "sign-in link is on its way") || w.lastMailed(lily) {
		t.Fatalf("Lily from a new place past her ceiling: %d, mailed %t: want the same answer and no mail", code, w.lastMailed(lily))
	}

	// Her address, and a stranger's, asked for from ten places: a new place
	// is refused, the office is not, for either address, with one answer.
	for i := 0; i < 8; i++ {
		w.askFrom(path("198.51.100.%d:4000", 100+i), "", lily)
	}
	for i := 0; i < 10; i++ {
		w.askFrom(path("198.51.100.%d:4000", 120+i), "", "nobody@else.example")
	}
	for _, email := range []string{lily, "nobody@else.example"} {
		if code, _ := w.askFrom("198.51.100.99:4000", "", email); code != http.StatusTooManyRequests {
			t.Fatalf("11th request for %s from a new place: %d", email, code)
		}
	}
	codeLily, bodyLily := w.askFrom(office, "", lily)
	codeNobody, bodyNobody := w.askFrom(office, "", "nobody@else.example")
	if codeLily != http.StatusOK || codeNobody != codeLily || bodyNobody != bodyLily {
		t.Fatalf("from the office past the cap across places: Lily %d, a stranger's address %d; the bodies differ: %t", codeLily, codeNobody, bodyNobody != bodyLily)
	}

	// The manager sees whose links are held back.
	mgr := w.signIn(srv, mei)
	for _, page := range []string{"/team", "/sessions"} {
		code, body := mgr.get(page)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", page, code)
		}
		mustContain(t, page, body, `id="links-withheld"`, "keepwarm web link "+lily, "keepwarm web link "+mei,
			fmt.Sprintf("were mailed %d in the last 24 hours", web.MailPerPersonDay))
		if strings.Contains(body, "keepwarm web link "+tom) {
			t.Errorf("%s names Tom, who is not at his ceiling", page)
		}
	}
	mgr.setLang("zh")
	if _, body := mgr.get("/team"); !strings.Contains(body, fmt.Sprintf("已收到 %d 封", web.MailPerPersonDay)) {
		t.Errorf("the Chinese banner does not state the ceiling of %d:\n%.600s", web.MailPerPersonDay, body)
	}
	if code, body := w.signIn(srv, tom).get("/team"); code != http.StatusOK || !strings.Contains(body, "The team") || strings.Contains(body, "links-withheld") {
		t.Errorf("Tom's /team: %d; want the page without the held-back links:\n%.400s", code, body)
	}
}

// RateWindowPlus moves the clock past one rate window: the requests before
// no longer count, and the links mailed then have expired.
const RateWindowPlus = web.RateWindow + time.Minute

// A session a manager revoked no longer makes its IP known: the browser
// they distrusted is held to the cap an address has across IPs, as a
// stranger's is. A session that only ended, or that its owner signed out
// of, still counts.
func TestSignInRevokedSessionsIPIsNotKnown(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	meis := w.signIn(srv, mei)
	if code, loc := meis.do("/", "/signout", nil); code != http.StatusSeeOther || loc != "/signin" {
		t.Fatalf("Mei signs out: %d %s", code, loc)
	}
	id, err := w.be.AddSession(w.ctx, "lily-phished-session", web.Session{Email: lily, IP: "198.51.100.7",
		CreatedAt: now0.Add(-2 * time.Hour), SeenAt: now0.Add(-time.Hour), ExpiresAt: now0.Add(20 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.be.RevokeSession(w.ctx, id, now0.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.be.AddSession(w.ctx, "tom-ended-session", web.Session{Email: tom, IP: "192.0.2.30",
		CreatedAt: now0.Add(-40 * 24 * time.Hour), ExpiresAt: now0.Add(-10 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		w.askFrom(path("203.0.113.%d:4000", 100+i), "", lily)
	}
	if code, _ := w.askFrom("198.51.100.7:4000", "", lily); code != http.StatusTooManyRequests {
		t.Fatalf("11th request for Lily from the IP of a revoked session: %d, want it held to the cap across IPs", code)
	}
	if code, _ := w.askFrom("192.0.2.30:4000", "", lily); code != http.StatusOK {
		t.Fatalf("11th request for Lily from the IP of Tom's ended session: %d, want it known", code)
	}
	if code, _ := w.askFrom("127.0.0.1:4000", "", lily); code != http.StatusOK {
		t.Fatalf("a request for Lily from the IP Mei signed out at: %d, want it known", code)
	}
}
