package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// signInForm asks for a link for email from the sign-in page, as a browser
// would, and returns the status and body.
func (c *client) askLink(email, next string) (int, string) {
	c.w.t.Helper()
	return c.do("/signin", "/signin", url.Values{"email": {email}, "next": {next}})
}

func TestSignInThroughAMailedLinkOnce(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)

	// A digest's link to a customer page, opened without a session.
	code, loc := c.get(path("/customers/%d", w.acme))
	if code != http.StatusSeeOther || loc != "/signin?next="+url.QueryEscape(path("/customers/%d", w.acme)) {
		t.Fatalf("without a session: %d %s", code, loc)
	}
	code, body := c.askLink("Lily@Seller.example", path("/customers/%d", w.acme))
	if code != http.StatusOK || !strings.Contains(body, "sign-in link is on its way") {
		t.Fatalf("ask for a link: %d %s", code, body)
	}
	w.app.WaitDeliveries()
	msgs := w.smtp.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != lily {
		t.Fatalf("mail sent: %+v", msgs)
	}
	if raw := string(msgs[0].Raw); !strings.Contains(raw, "Auto-Submitted: auto-generated") || !strings.Contains(raw, "From: \"keepwarm\" <keepwarm@seller.example>") {
		t.Fatalf("the sign-in mail is not marked as team mail from [notify]:\n%s", raw)
	}
	link := linkIn(t, msgs[0].Raw)
	if !strings.HasPrefix(link, "http://keepwarm.test/signin/link?t=") {
		t.Fatalf("link %s is not on base_url", link)
	}
	// Only the hash is stored.
	tok, _ := url.Parse(link)
	if n := w.count(`SELECT count(*) FROM web_login_tokens WHERE token_hash = ?`, tok.Query().Get("t")); n != 0 {
		t.Fatal("the token itself is in the database")
	}

	code, loc = c.useLink(link)
	if code != http.StatusSeeOther || loc != path("/customers/%d", w.acme) {
		t.Fatalf("use the link: %d %s", code, loc)
	}
	code, body = c.get(path("/customers/%d", w.acme))
	if code != http.StatusOK || !strings.Contains(body, "Acme Corp") {
		t.Fatalf("customer page after sign-in: %d", code)
	}

	// Back to the link page and its button again, in the browser it
	// signed in: the page it points to, not "expired or was used already".
	if code, loc := c.useLink(link); code != http.StatusSeeOther || loc != path("/customers/%d", w.acme) {
		t.Fatalf("the used link again in the browser it signed in: %d %s, want its customer page", code, loc)
	}

	// The same link again, from another browser: refused.
	other := w.client(srv)
	if code, body := other.useLink(link); code != http.StatusGone || !strings.Contains(body, "expired or was used") {
		t.Fatalf("reused link: %d %s", code, body)
	}
	if code, _ := other.get("/"); code != http.StatusSeeOther {
		t.Fatalf("the reused link signed someone in: %d", code)
	}
}

func TestSignInLinkExpiresAfter15Minutes(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	link, err := w.app.SignInLink(w.ctx, lily, "")
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(15*time.Minute + time.Second)
	if code, _ := w.client(srv).useLink(link); code != http.StatusGone {
		t.Fatalf("expired link: %d", code)
	}
	// One made now still works.
	link, _ = w.app.SignInLink(w.ctx, lily, "")
	w.clock.Advance(14 * time.Minute)
	if code, _ := w.client(srv).useLink(link); code != http.StatusSeeOther {
		t.Fatalf("fresh link: %d", code)
	}
	if _, err := w.app.SignInLink(w.ctx, "stranger@else.example", ""); err == nil {
		t.Fatal("a link for someone not on the team")
	}
}

func TestSignInRateLimits(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.client(srv)
	for i := 0; i < 3; i++ {
		if code, body := c.askLink(lily, ""); code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, code, body)
		}
	}
	if code, _ := c.askLink(lily, ""); code != http.StatusTooManyRequests {
		t.Fatalf("4th request for one address: %d", code)
	}
	// Two links mailed to the address are live: the third request is
	// answered the same and mails nothing.
	w.app.WaitDeliveries()
	if n := len(w.smtp.Messages()); n != 2 {
		t.Fatalf("%d mails sent, want 2", n)
	}
	// Per IP: addresses not on the team count too, and get no mail.
	for i := 0; i < 7; i++ {
		if code, _ := c.askLink(path("nobody%d@else.example", i), ""); code != http.StatusOK {
			t.Fatalf("request for a stranger: %d", code)
		}
	}
	if code, _ := c.askLink(tom, ""); code != http.StatusTooManyRequests {
		t.Fatalf("11th request from one IP: %d", code)
	}
	w.app.WaitDeliveries()
	if n := len(w.smtp.Messages()); n != 2 {
		t.Fatalf("%d mails sent, want 2 (none to strangers, none beyond the limits)", n)
	}
	// A quarter of an hour later the address may ask again.
	w.clock.Advance(16 * time.Minute)
	if code, _ := c.askLink(lily, ""); code != http.StatusOK {
		t.Fatalf("after the window: %d", code)
	}
}

func TestSessionCookieAndSignOut(t *testing.T) {
	for _, base := range []string{"http://keepwarm.test", "https://keepwarm.test"} {
		w := newWorld(t, base)
		srv := w.serve()
		c := w.client(srv)
		link, _ := w.app.SignInLink(w.ctx, lily, "")
		u, _ := url.Parse(link)
		_, page := c.get(u.RequestURI())
		resp := c.post("/signin/link", url.Values{"t": {u.Query().Get("t")}, "csrf": {csrfOf(t, page)}})
		resp.Body.Close()
		var sess *http.Cookie
		name := "kw_session"
		if strings.HasPrefix(base, "https") {
			name = "__Host-kw_session"
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == name {
				sess = ck
			}
		}
		if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure != strings.HasPrefix(base, "https") {
			t.Fatalf("%s: session cookie %+v", base, sess)
		}
		if sess.MaxAge != int((30 * 24 * time.Hour).Seconds()) {
			t.Fatalf("session lifetime %d s", sess.MaxAge)
		}
		if strings.HasPrefix(base, "https") {
			continue // the jar keeps Secure cookies off http
		}
		if code, _ := c.get("/"); code != http.StatusOK {
			t.Fatalf("desk: %d", code)
		}
		if code, loc := c.do("/", "/signout", nil); code != http.StatusSeeOther || loc != "/signin" {
			t.Fatalf("sign out: %d %s", code, loc)
		}
		if code, _ := c.get("/"); code != http.StatusSeeOther {
			t.Fatalf("after sign-out: %d", code)
		}
		// The old cookie is dead in the database, not only in this browser.
		c.c.Jar.SetCookies(mustURL(srv.URL), []*http.Cookie{{Name: "kw_session", Value: sess.Value, Path: "/"}})
		if code, _ := c.get("/"); code != http.StatusSeeOther {
			t.Fatalf("revoked cookie still works: %d", code)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestManagerListsAndRevokesSessions(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	l := w.signIn(srv, lily)
	m := w.signIn(srv, mei)
	if code, _ := l.get("/sessions"); code != http.StatusNotFound {
		t.Fatalf("a salesperson sees the sessions page: %d", code)
	}
	code, body := m.get("/sessions")
	if code != http.StatusOK || !strings.Contains(body, lily) || !strings.Contains(body, mei) {
		t.Fatalf("sessions: %d %s", code, body)
	}
	var lilySession int64
	if err := w.raw.QueryRow(`SELECT id FROM web_sessions WHERE email = ?`, lily).Scan(&lilySession); err != nil {
		t.Fatal(err)
	}
	if code, _ := l.do("/", path("/sessions/%d/revoke", lilySession), nil); code != http.StatusNotFound {
		t.Fatalf("a salesperson revoked a session: %d", code)
	}
	if code, _ := m.do("/sessions", path("/sessions/%d/revoke", lilySession), nil); code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", code)
	}
	if code, _ := l.get("/"); code != http.StatusSeeOther {
		t.Fatalf("revoked session still works: %d", code)
	}
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'session.revoke' AND actor = ?`, mei); n != 1 {
		t.Fatalf("%d audit rows for the revocation", n)
	}
}

func TestLanguageFromTheBrowserAndTheSwitch(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b := readAll(resp)
	if !strings.Contains(b, "等待回复的客户邮件") || !strings.Contains(b, `lang="zh-CN"`) {
		t.Fatalf("Chinese desk:\n%s", b)
	}
	if code, loc := c.pressLang("/lang/en?next=/pool"); code != http.StatusSeeOther || loc != "/pool" {
		t.Fatalf("switch: %d %s", code, loc)
	}
	resp, err = c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if b := readAll(resp); !strings.Contains(b, "Waiting for your answer") {
		t.Fatal("the switch did not win over Accept-Language")
	}
	if code, loc := c.pressLang("/lang/en?next=//evil.example/"); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("switch to another site: %s", loc)
	}
}

// The audit line of a revocation names whose session it was, which the
// sessions list no longer shows once it moves on, and not the address and
// browser, which are deleted with the session while the audit stays; a second
// press (a double click, the form sent again) says the session had ended
// already instead of "Not found.".
func TestRevokedSessionIsNamedAndASecondPressSaysSo(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.signIn(srv, lily)
	m := w.signIn(srv, mei)
	var id int64
	var ip, ua string
	if err := w.raw.QueryRow(`SELECT id, ip, user_agent FROM web_sessions WHERE email = ?`, lily).Scan(&id, &ip, &ua); err != nil {
		t.Fatal(err)
	}
	if ip == "" || ua == "" {
		t.Fatalf("the session recorded no address (%q) or browser (%q) to keep out of the audit", ip, ua)
	}
	if code, loc := m.do("/sessions", path("/sessions/%d/revoke", id), nil); code != http.StatusSeeOther || loc != "/sessions" {
		t.Fatalf("revoke: %d %s", code, loc)
	}
	var subject string
	if err := w.raw.QueryRow(`SELECT subject FROM web_audit WHERE action = 'session.revoke'`).Scan(&subject); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("session %d of %s", id, lily); subject != want {
		t.Errorf("the audit line: %q, want %q", subject, want)
	}
	// The audit is kept for good; the address and browser go with the
	// session 90 days after it ended (README).
	if strings.Contains(subject, ip) || strings.Contains(subject, ua) {
		t.Errorf("the audit line keeps the session's address or browser: %q", subject)
	}
	code, loc := m.do("/sessions", path("/sessions/%d/revoke", id), nil)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/sessions?") {
		t.Fatalf("second press: %d %s", code, loc)
	}
	_, body := m.get(loc)
	mustContain(t, "sessions after the second press", body, `id="session-gone"`, "had ended already")
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'session.revoke'`); n != 1 {
		t.Fatalf("%d audit rows for one revocation", n)
	}
}

// A used or expired sign-in link pressed in a browser where someone else
// is signed in (a shared office PC) says it is dead, and whose session
// the browser holds with its Sign out: it never leads into that colleague's
// desk, where everything done would be done as them. Pressed in a browser
// of the link's own person, it leads where the link points.
func TestDeadLinkInAColleaguesBrowserSaysSo(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	shared := w.signIn(srv, lily)

	// Tom used his link on his phone, then presses it again on the PC.
	link, err := w.app.SignInLink(w.ctx, tom, "/pool")
	if err != nil {
		t.Fatal(err)
	}
	if code, loc := w.client(srv).useLink(link); code != http.StatusSeeOther || loc != "/pool" {
		t.Fatalf("Tom's link on his phone: %d %s", code, loc)
	}
	code, body := shared.useLink(link)
	if code != http.StatusGone || !strings.Contains(body, "expired or was used") {
		t.Fatalf("Tom's used link in Lily's browser: %d %s, want 410", code, body)
	}
	if !strings.Contains(body, "This browser is signed in as Lily Chen") || !strings.Contains(body, `action="/signout"`) {
		t.Fatalf("the page does not say whose session the browser holds:\n%s", body)
	}
	// No link of the page leads into Lily's session: its language switch
	// (Tom reads Chinese) gives the same page again in Chinese, and its
	// brand names no desk.
	deadPageLeadsNowhere(t, body)
	code, loc, zh := shared.followLang(body)
	if code != http.StatusOK || !strings.Contains(zh, "此浏览器已以 Lily Chen 的身份登录") || !strings.Contains(zh, `action="/signout"`) {
		t.Fatalf("the dead link's page in Chinese (%s): %d\n%s", loc, code, zh)
	}
	if strings.Contains(zh, `id="desk"`) || strings.Contains(zh, `href="/customers"`) {
		t.Fatalf("the dead link's page in Chinese shows Lily's desk:\n%s", zh)
	}
	deadPageLeadsNowhere(t, zh)
	code, _, en := shared.followLang(zh)
	if code != http.StatusOK || !strings.Contains(en, "This browser is signed in as Lily Chen") {
		t.Fatalf("the dead link's page back in English: %d\n%s", code, en)
	}
	deadPageLeadsNowhere(t, en)

	// An unused link of Tom's that expired: the same.
	late, _ := w.app.SignInLink(w.ctx, tom, "")
	w.clock.Advance(web.LinkLifetime + time.Second)
	code, body = shared.useLink(late)
	if code != http.StatusGone || !strings.Contains(body, "expired or was used") || !strings.Contains(body, "Lily Chen") {
		t.Fatalf("Tom's expired link in Lily's browser: %d %s, want 410", code, body)
	}

	// Its Sign out signs Lily out, so that Tom can ask for a new link.
	resp := shared.post("/signout", url.Values{"csrf": {csrfOfForm(t, body, "/signout")}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Fatalf("sign out from the dead link's page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, _ := shared.get("/"); code != http.StatusSeeOther {
		t.Fatalf("still signed in after the sign-out: %d", code)
	}

	// Lily's own expired link in her own browser leads where it points.
	mine := w.signIn(srv, lily)
	own, _ := w.app.SignInLink(w.ctx, lily, "/pool")
	w.clock.Advance(web.LinkLifetime + time.Second)
	if code, loc := mine.useLink(own); code != http.StatusSeeOther || loc != "/pool" {
		t.Fatalf("Lily's expired link in her own browser: %d %s, want /pool", code, loc)
	}
}

// TestSignInOnABrowserHoldingAnotherSessionEndsIt: Lily stays signed in on
// the shared PC; Tom presses his link there. Lily's session ends, as a
// sign-out ends it: her old cookie no longer opens the desk, and the
// manager's sessions page lists only the sessions browsers hold.
func TestSignInOnABrowserHoldingAnotherSessionEndsIt(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	shared := w.signIn(srv, lily)
	var lilyCookie string
	for _, ck := range shared.c.Jar.Cookies(mustURL(srv.URL)) {
		if ck.Name == "kw_session" {
			lilyCookie = ck.Value
		}
	}
	if lilyCookie == "" {
		t.Fatal("no session cookie after Lily's sign-in")
	}
	m := w.signIn(srv, mei)
	if _, body := m.get("/sessions"); !strings.Contains(body, lily) {
		t.Fatalf("Lily's session is not on the sessions page before:\n%s", body)
	}

	link, err := w.app.SignInLink(w.ctx, tom, "/pool")
	if err != nil {
		t.Fatal(err)
	}
	if code, loc := shared.useLink(link); code != http.StatusSeeOther || loc != "/pool" {
		t.Fatalf("Tom's link on the shared PC: %d %s", code, loc)
	}
	if code, _ := shared.get("/"); code != http.StatusOK {
		t.Fatalf("Tom's desk on the shared PC: %d", code)
	}
	_, body := m.get("/sessions")
	if strings.Contains(body, lily) || !strings.Contains(body, tom) {
		t.Errorf("the sessions page after Tom signed in on Lily's browser lists Lily, or not Tom:\n%s", body)
	}
	old := w.client(srv)
	old.c.Jar.SetCookies(mustURL(srv.URL), []*http.Cookie{{Name: "kw_session", Value: lilyCookie, Path: "/"}})
	if code, loc := old.get("/"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Errorf("Lily's replaced cookie sent alone: %d %s, want the sign-in", code, loc)
	}
}

// deadPageLeadsNowhere fails when a link of a dead sign-in link's page
// opens the desk (or any page of the session the browser holds).
func deadPageLeadsNowhere(t *testing.T, body string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		h := html.UnescapeString(m[1])
		if h == "/" || (!strings.HasPrefix(h, "/static/") && !strings.HasPrefix(h, "/lang/") && !strings.HasPrefix(h, "/signin")) {
			t.Fatalf("the dead link's page links to %s:\n%s", h, body)
		}
	}
	if u, err := url.Parse(langLink(t, body)); err != nil || !strings.HasPrefix(u.Query().Get("next"), "/signin") {
		t.Fatalf("the dead link's language switch reloads %s", u)
	}
}

// csrfOfForm is the CSRF token of the page's form posting to action.
func csrfOfForm(t *testing.T, body, action string) string {
	t.Helper()
	i := strings.Index(body, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form to %s in the page:\n%s", action, body)
	}
	return csrfOf(t, body[i:])
}

// The README's /sessions row says what a revocation's audit line keeps:
// whose session it was, not its IP or browser
// (TestRevokedSessionIsNamedAndASecondPressSaysSo).
func TestReadmeSaysTheRevocationAuditKeepsNoIPOrBrowser(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, row, ok := strings.Cut(string(b), "\n| `/sessions` |")
	if !ok {
		t.Fatal("README has no /sessions row")
	}
	row, _, _ = strings.Cut(row, "\n")
	if strings.Contains(row, "its IP and browser") || !strings.Contains(row, "not its IP or browser") {
		t.Errorf("the README's /sessions row does not say the audit line leaves out the IP and browser:\n%s", row)
	}
}
