package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// recBrowser is a browser at remote ("ip:port") whose cookies the test
// sets itself, as a page on a sibling host may have set them, served
// through the handler directly.
type recBrowser struct {
	w       *world
	remote  string
	cookies map[string]string
}

func (b *recBrowser) send(r *http.Request) *http.Response {
	b.w.t.Helper()
	r.RemoteAddr = b.remote
	for name, value := range b.cookies {
		r.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	rec := httptest.NewRecorder()
	b.w.app.ServeHTTP(rec, r)
	resp := rec.Result()
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return resp
}

// post opens page and posts form to path with its token.
func (b *recBrowser) post(page, path string, form url.Values) *http.Response {
	b.w.t.Helper()
	resp := b.send(httptest.NewRequest(http.MethodGet, page, nil))
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.w.t.Fatalf("GET %s: %d %v", page, resp.StatusCode, err)
	}
	form.Set("csrf", csrfOf(b.w.t, string(body)))
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

// signIn uses a printed sign-in link for email in this browser.
func (b *recBrowser) signIn(email string) {
	b.w.t.Helper()
	link, err := b.w.app.SignInLink(b.w.ctx, email, "")
	if err != nil {
		b.w.t.Fatal(err)
	}
	u, _ := url.Parse(link)
	if resp := b.post(u.RequestURI(), u.Path, url.Values{"t": {u.Query().Get("t")}}); resp.StatusCode != http.StatusSeeOther {
		b.w.t.Fatalf("sign in as %s: %d", email, resp.StatusCode)
	}
}

// Over http, a kw_device cookie a page on a sibling host set for the
// parent domain, with a value that page knows, is not adopted at sign-in:
// the browser gets a fresh one, and whoever holds the chosen value asks
// for Lily's address like any stranger, held to her daily ceiling.
func TestSignInOverHTTPDoesNotAdoptADeviceCookieItDidNotGive(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	const chosen = "ChosenDeviceValue0123456789abcdefghijklmnop"
	lilyB := &recBrowser{w: w, remote: "192.0.2.10:5000", cookies: map[string]string{"kw_device": chosen}}
	lilyB.signIn(lily)
	if got := lilyB.cookies["kw_device"]; got == "" || got == chosen {
		t.Errorf("kw_device after Lily's sign-in: %q, want a fresh value, not the one the other site chose", got)
	}

	mallory := &recBrowser{w: w, remote: "203.0.113.66:4000", cookies: map[string]string{"kw_device": chosen}}
	mailed := 0
	for i := 0; i < 12; i++ {
		w.clock.Advance(16 * time.Minute)
		if resp := mallory.post("/signin", "/signin", url.Values{"email": {lily}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d for Lily with the chosen cookie: %d", i+1, resp.StatusCode)
		}
		if w.lastMailed(lily) {
			mailed++
		}
	}
	if mailed > 10 {
		t.Errorf("%d links mailed to Lily in a day to the holder of a device value another site chose, past her ceiling of 10", mailed)
	}

	// Her own browser, with the value it was given, signed out and at
	// another IP, still gets hers past the ceiling.
	if resp := lilyB.post("/", "/signout", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Lily signs out: %d", resp.StatusCode)
	}
	lilyB.remote = "198.51.100.30:5000"
	w.clock.Advance(16 * time.Minute)
	if resp := lilyB.post("/signin", "/signin", url.Values{"email": {lily}}); resp.StatusCode != http.StatusOK || !w.lastMailed(lily) {
		t.Errorf("Lily's own browser past her ceiling: %d, mailed %t", resp.StatusCode, w.lastMailed(lily))
	}
}

// Over http a browser holding a kw_device a sibling host set for the
// parent domain beside the one keepwarm gave it sends both, under one
// name, the sibling's often first: her own browser keeps its allowance
// (a link past her daily ceiling, from an IP she never signed in from).
func TestSignInDeviceAllowanceReadsEveryDeviceCookie(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	const chosen = "ChosenDeviceValue0123456789abcdefghijklmnop"
	lilyB := &recBrowser{w: w, remote: "192.0.2.10:5000", cookies: map[string]string{}}
	lilyB.signIn(lily)
	own := lilyB.cookies["kw_device"]
	if own == "" {
		t.Fatal("no kw_device after Lily's sign-in")
	}
	for i := 0; i < 10; i++ { // her 10 mailed links of the day, from elsewhere
		w.clock.Advance(16 * time.Minute)
		if code, _ := w.askFrom(path("198.51.100.%d:4000", i+1), "", lily); code != http.StatusOK || !w.lastMailed(lily) {
			t.Fatalf("link %d for Lily: %d, mailed %t", i+1, code, w.lastMailed(lily))
		}
	}
	w.clock.Advance(16 * time.Minute)
	page := httptest.NewRequest(http.MethodGet, "/signin", nil)
	page.RemoteAddr = "203.0.113.9:5000"
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, page)
	form := url.Values{"email": {lily}, "csrf": {csrfOf(t, rec.Body.String())}}
	post := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.RemoteAddr = page.RemoteAddr
	// A sibling host's kw_device for its own domain and the parent's,
	// each for /signin and / (the browser sends all four before hers).
	cookie := ""
	for i := 0; i < 4; i++ {
		cookie += "kw_device=" + chosen + string(rune('a'+i)) + "; "
	}
	cookie += "kw_device=" + own
	for _, c := range rec.Result().Cookies() {
		cookie += "; " + c.Name + "=" + c.Value
	}
	post.Header.Set("Cookie", cookie)
	rec = httptest.NewRecorder()
	w.app.ServeHTTP(rec, post)
	if rec.Code != http.StatusOK || !w.lastMailed(lily) {
		t.Errorf("Lily's own browser, sending four of a sibling's kw_device before its own: %d, mailed %t", rec.Code, w.lastMailed(lily))
	}
}

// Over https the device cookie is __Host-kw_device, which only keepwarm
// itself can set: a browser keeps its value across sign-ins (the shared
// PC where several people sign in keeps each one's allowance).
func TestSignInOverHTTPSKeepsTheBrowsersDeviceCookie(t *testing.T) {
	w := newWorld(t, "https://keepwarm.test")
	b := &recBrowser{w: w, remote: "192.0.2.10:5000", cookies: map[string]string{}}
	b.signIn(tom)
	first := b.cookies["__Host-kw_device"]
	if first == "" {
		t.Fatalf("no __Host-kw_device after sign-in: %v", b.cookies)
	}
	b.signIn(lily)
	if got := b.cookies["__Host-kw_device"]; got != first {
		t.Errorf("__Host-kw_device changed at the second sign-in in the same browser: %q, was %q", got, first)
	}
}

// The README's security paragraphs say what the device cookie allows no
// more than the code does (TestSignInBehindAProxyNamingNoClientKeepsHerBrowsersLink:
// 10 a quarter hour from one IP, nothing mailed while 2 links are live),
// and its [web] row names both headers trusted_proxies are read from.
func TestReadmeSaysWhatADeviceIsAllowedAndWhichHeadersAreRead(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	_, dev, ok := strings.Cut(readme, "A sign-in also leaves a device cookie")
	if !ok {
		t.Fatal("README has no device cookie paragraph")
	}
	dev, _, _ = strings.Cut(dev, "While an address is at its 10")
	if strings.Contains(dev, "not held to the limits of its IP or of the address") {
		t.Errorf("README says a device's request is held to no limit of its IP or address:\n%s", dev)
	}
	for _, want := range []string{"10 times in 15 minutes from one IP", "while 2 links mailed to the address are live"} {
		if !strings.Contains(dev, want) {
			t.Errorf("README's device cookie paragraph does not say %q:\n%s", want, dev)
		}
	}
	_, row, ok := strings.Cut(string(b), "\n| `[web]` |")
	if !ok {
		t.Fatal("README has no [web] row")
	}
	row, _, _ = strings.Cut(row, "\n")
	_, tp, _ := strings.Cut(row, "`trusted_proxies`")
	tp, _, _ = strings.Cut(tp, ";")
	if !strings.Contains(tp, "`X-Forwarded-For`") || !strings.Contains(tp, "`Forwarded`") {
		t.Errorf("the README's [web] row does not name both X-Forwarded-For and Forwarded for trusted_proxies:\n%s", tp)
	}
}

// The README says what run logs of proxies as the code does: an unlisted
// proxy in front of a listed one (TestSignInBehindAnUnlistedProxyInFrontOfTheListedOne),
// not only the peer, and a request whose headers do not name the same
// client, one naming none included (TestSignInClientIsNotWhatTheClientWritesInTheOtherHeader),
// counts as the proxy's.
func TestReadmeSaysWhichProxiesAreLoggedAndWhenTheHeadersDisagree(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	for _, want := range []string{
		"the local network that forwards requests, to keepwarm or to a listed proxy, without being listed",
		"two headers do not name the same client (one names none, or another one)",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README does not say %q", want)
		}
	}
	if strings.Contains(readme, "one whose two headers name different clients") {
		t.Error("README says only headers naming different clients count as the proxy's, not one naming none")
	}
}
