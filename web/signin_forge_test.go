package web_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oldFormToken is how a sign-in form's token was once derived from the
// pre-session cookie alone: whoever chose the cookie could write it.
func oldFormToken(pre string) string {
	m := hmac.New(sha256.New, []byte(pre))
	m.Write([]byte("keepwarm csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// postSignIn posts the sign-in form with exactly the cookie given, as a
// page on a sibling subdomain makes the browser do after writing that
// cookie for the parent domain.
func postSignIn(t *testing.T, srvURL, cookie, csrf string) (int, string) {
	t.Helper()
	form := url.Values{"email": {lily}, "csrf": {csrf}}
	req, err := http.NewRequest(http.MethodPost, srvURL+"/signin", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signInPage opens /signin without cookies and returns the pre-session
// cookie it sets and the form's token.
func signInPage(t *testing.T, srvURL string) (*http.Cookie, string) {
	t.Helper()
	resp, err := http.Get(srvURL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	cs := resp.Cookies()
	if len(cs) != 1 {
		t.Fatalf("/signin sets %d cookies: %v", len(cs), cs)
	}
	return cs[0], csrfOf(t, string(b))
}

// The sign-in forms' token cannot be written by someone who chose the
// pre-session cookie (a page on a sibling subdomain can set a cookie for
// the parent domain): it is keyed by the server. Over https the cookie is
// a __Host- one, which no other host can set, and a plain kw_pre is not
// read.
func TestSignInFormTokenCannotBeForgedWithATossedCookie(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	const chosen = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" // as long as a real one
	for _, pre := range []string{"x", chosen} {
		if code, body := postSignIn(t, srv.URL, "kw_pre="+pre, oldFormToken(pre)); code != http.StatusForbidden || !strings.Contains(body, "This form has expired") {
			t.Errorf("cookie kw_pre=%s with its token computed: %d\n%s", pre, code, body)
		}
	}
	ck, tok := signInPage(t, srv.URL)
	if ck.Name != "kw_pre" {
		t.Fatalf("http site's pre-session cookie: %s", ck.Name)
	}
	if code, body := postSignIn(t, srv.URL, "kw_pre="+ck.Value, tok); code != http.StatusOK {
		t.Fatalf("the form as the page gave it: %d\n%s", code, body)
	}

	hw := newWorld(t, "https://keepwarm.test") // served as plain http here: the cookie follows base_url
	hsrv := hw.serve()
	ck, tok = signInPage(t, hsrv.URL)
	if ck.Name != "__Host-kw_pre" || !ck.Secure || ck.Path != "/" || ck.Domain != "" {
		t.Fatalf("https site's pre-session cookie: %+v", ck)
	}
	if code, body := postSignIn(t, hsrv.URL, "kw_pre="+ck.Value, tok); code != http.StatusForbidden {
		t.Errorf("https site took a plain kw_pre: %d\n%s", code, body)
	}
	if code, body := postSignIn(t, hsrv.URL, "__Host-kw_pre="+ck.Value, tok); code != http.StatusOK {
		t.Errorf("https site, the form as the page gave it: %d\n%s", code, body)
	}
}

// A page of another site (a sibling subdomain included) cannot post a
// form to keepwarm even with a cookie and token pair it fetched from
// keepwarm itself, as it can over http, where the pre-session cookie is
// not a __Host- one: the browser says where the form comes from
// (Sec-Fetch-Site, or Origin in an older browser) and keepwarm refuses
// it. The site's own pages still post, also through a proxy that passes
// on another Host.
func TestSignInFormPostedFromAnotherSiteIsRefused(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	ck, tok := signInPage(t, srv.URL) // what the sibling's server fetched
	post := func(hdr map[string]string) (int, string) {
		form := url.Values{"email": {lily}, "csrf": {tok}}
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/signin", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "kw_pre="+ck.Value)
		for k, v := range hdr {
			if k == "Host" {
				req.Host = v
			} else {
				req.Header.Set(k, v)
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, hdr := range []map[string]string{
		{"Origin": "http://www.keepwarm.test"},
		{"Sec-Fetch-Site": "same-site", "Origin": "http://www.keepwarm.test"},
		{"Sec-Fetch-Site": "cross-site"},
	} {
		if code, body := post(hdr); code != http.StatusForbidden || !strings.Contains(body, "sent from a page of another site") {
			t.Errorf("posted with %v: %d\n%s", hdr, code, body)
		}
	}
	if n := w.count(`SELECT count(*) FROM web_login_tokens`); n != 0 {
		t.Errorf("%d sign-in links recorded for forms from another site", n)
	}
	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "same-origin", "Origin": srv.URL},
		{"Origin": "http://keepwarm.test", "Host": "127.0.0.1:8080"}, // an older browser, through a proxy passing on its own Host
		{}, // no browser at all (curl)
	} {
		if code, body := post(hdr); code != http.StatusOK {
			t.Errorf("posted with %v: %d\n%s", hdr, code, body)
		}
	}
}

// A sign-in page or mailed link's page open while keepwarm restarts (the
// upgrade, a crash) still works: the sign-in forms' key is kept in the
// database, so the button pressed after the restart signs in (the link
// is not spent on a 403 whose "reload" posts the same token again).
func TestSignInPageOpenAcrossARestartStillWorks(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)
	link, err := w.app.SignInLink(w.ctx, lily, "/pool")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	_, page := c.get(u.RequestURI())

	w.rebase("http://keepwarm.test") // run restarted over the same database
	resp := c.post(u.Path, url.Values{"t": {u.Query().Get("t")}, "csrf": {csrfOf(t, page)}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/pool" {
		t.Fatalf("the link's page pressed after a restart: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, _ := c.get("/"); code != http.StatusOK {
		t.Fatalf("the desk after signing in across a restart: %d", code)
	}
	o := w.client(srv)
	_, signin := o.get("/signin")
	w.rebase("http://keepwarm.test")
	resp = o.post("/signin", url.Values{"email": {tom}, "csrf": {csrfOf(t, signin)}})
	body := readAll(resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "on its way") {
		t.Fatalf("the sign-in form posted after a restart: %d\n%s", resp.StatusCode, body)
	}
}
