package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// rawGet gets path with exactly the Cookie header given (as a browser
// holding those cookies sends it, over https), not following redirects.
func rawGet(t *testing.T, srvURL, path, cookie string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srvURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func named(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Over https the session cookie is __Host-kw_session, which a sibling
// subdomain cannot set: a kw_session it sets for the parent domain (sent
// first by the browser) neither signs the person out nor into another
// session started since. A session started before keepwarm named its
// cookie so is still read from a plain kw_session, and given the new name
// when seen, so that nobody is signed out by the upgrade. Over http,
// every kw_session the browser sends is tried, not only the first.
func TestSessionCookieASiblingSubdomainSetsIsNotTaken(t *testing.T) {
	w := newWorld(t, "https://keepwarm.test") // served as plain http here: the cookie follows base_url
	srv := w.serve()
	link, err := w.app.SignInLink(w.ctx, lily, "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	pre, tok := func() (*http.Cookie, string) {
		resp, err := http.Get(srv.URL + u.RequestURI())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return named(resp.Cookies(), "__Host-kw_pre"), csrfOf(t, string(b))
	}()
	if pre == nil {
		t.Fatal("the link page set no __Host-kw_pre")
	}
	form := url.Values{"t": {u.Query().Get("t")}, "csrf": {tok}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/signin/link", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "__Host-kw_pre="+pre.Value)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	sess := named(resp.Cookies(), "__Host-kw_session")
	if resp.StatusCode != http.StatusSeeOther || sess == nil || !sess.Secure || sess.Path != "/" || sess.Domain != "" || !sess.HttpOnly {
		t.Fatalf("sign-in over https: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	real := sess.Value

	for _, c := range []string{
		"__Host-kw_session=" + real,
		"kw_session=bogus; __Host-kw_session=" + real,
		"__Host-kw_session=bogus; __Host-kw_session=" + real,
	} {
		if resp := rawGet(t, srv.URL, "/", c); resp.StatusCode != http.StatusOK {
			t.Errorf("Cookie: %s: %d %s, want the desk", c, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// A session started since, tossed as a plain kw_session (a colleague's
	// own, to have Lily work in his account): not read.
	if resp := rawGet(t, srv.URL, "/", "kw_session="+real); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session started over https read from a plain kw_session: %d", resp.StatusCode)
	}

	// A session from before the upgrade: still signed in, and the cookie
	// renamed.
	const old = "OldSessionToken0123456789abcdefghijklmnopqrs"
	sum := sha256.Sum256([]byte(old))
	now := w.clock.Now()
	if _, err := w.be.AddSession(w.ctx, hex.EncodeToString(sum[:]), web.Session{Email: lily, CreatedAt: now.Add(-time.Hour), SeenAt: now, ExpiresAt: now.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	resp = rawGet(t, srv.URL, "/", "kw_session="+old)
	renamed, dropped := named(resp.Cookies(), "__Host-kw_session"), named(resp.Cookies(), "kw_session")
	if resp.StatusCode != http.StatusOK || renamed == nil || renamed.Value != old || !renamed.Secure || renamed.MaxAge != 48*3600 ||
		dropped == nil || dropped.MaxAge >= 0 {
		t.Errorf("a session from before the upgrade: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if resp := rawGet(t, srv.URL, "/", "__Host-kw_session="+old); resp.StatusCode != http.StatusOK || len(resp.Cookies()) != 0 {
		t.Errorf("the renamed cookie: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}

	hw := newWorld(t, "http://keepwarm.test")
	hsrv := hw.serve()
	c := hw.signIn(hsrv, lily)
	var v string
	for _, ck := range c.c.Jar.Cookies(mustURL(hsrv.URL)) {
		if ck.Name == "kw_session" {
			v = ck.Value
		}
	}
	if resp := rawGet(t, hsrv.URL, "/", "kw_session=bogus; kw_session="+v); resp.StatusCode != http.StatusOK {
		t.Errorf("http, a tossed kw_session sent first: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}
