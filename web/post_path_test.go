package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	backRE     = regexp.MustCompile(`name="back" value="([^"]*)"`)
	langFormRE = regexp.MustCompile(`<form method="post" action="(/lang/(?:zh|en))"[^>]*><input type="hidden" value="([^"]*)" name="csrf"><input type="hidden" name="next" value="([^"]*)">`)
)

// langLink is where the page's 中文/EN switch posts, with the page it
// leads back to: /lang/zh?next=/customers/7.
func langLink(t *testing.T, body string) string {
	t.Helper()
	m := langFormRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no language switch in the page:\n%s", body)
	}
	return m[1] + "?next=" + url.QueryEscape(html.UnescapeString(m[3]))
}

// followLang presses the page's language switch and opens where it leads.
func (c *client) followLang(body string) (int, string, string) {
	c.w.t.Helper()
	m := langFormRE.FindStringSubmatch(body)
	if m == nil {
		c.w.t.Fatalf("no language switch in the page:\n%s", body)
	}
	resp := c.post(m[1], url.Values{"csrf": {html.UnescapeString(m[2])}, "next": {html.UnescapeString(m[3])}})
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther {
		c.w.t.Fatalf("language switch: %d %s", resp.StatusCode, loc)
	}
	code, page := c.get(loc)
	return code, loc, page
}

// pressLang switches the language as the switch on a page does: target is
// /lang/{code}?next=PATH; the token is the one the desk (or, signed out,
// the sign-in page) gives the switch. It returns the status and Location.
func (c *client) pressLang(target string) (int, string) {
	c.w.t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		c.w.t.Fatal(err)
	}
	code, page := c.get("/")
	if code/100 == 3 {
		_, page = c.get("/signin")
	}
	m := langFormRE.FindStringSubmatch(page)
	if m == nil {
		c.w.t.Fatalf("no language switch in the page:\n%s", page)
	}
	resp := c.post(u.Path, url.Values{"csrf": {html.UnescapeString(m[2])}, "next": {u.Query().Get("next")}})
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A page shown in answer to a POST (a refused absence, a question before
// Stop, a refusal, a dead sign-in link) gives its buttons and its
// language switch a page that opens, never the POST's own path, which
// answers "Method Not Allowed" to a GET: a Pause pressed on the desk of a
// refused absence paused the follow-up, then showed that error.
func TestPagesAnsweringAPostLeadToPagesThatOpen(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)

	// The desk of an absence refused: until before from.
	code, desk := c.do("/", "/away", url.Values{"from": {"2026-11-20"}, "until": {"2026-11-18"}})
	if code != http.StatusBadRequest || !strings.Contains(desk, `action="/away"`) {
		t.Fatalf("refused absence: %d %s", code, desk)
	}
	for _, m := range backRE.FindAllStringSubmatch(desk, -1) {
		if strings.HasPrefix(m[1], "/away") {
			t.Fatalf("a button of the desk leads back to %s", m[1])
		}
	}
	if l := langLink(t, desk); strings.Contains(l, "away") {
		t.Fatalf("the language link of the desk leads to %s", l)
	}
	pause := path(`action="/enrollments/%d/pause"`, w.enrollment)
	i := strings.Index(desk, pause)
	if i < 0 {
		t.Fatalf("no Pause on the desk:\n%s", desk)
	}
	form := desk[i:]
	resp := c.post(path("/enrollments/%d/pause", w.enrollment), url.Values{"csrf": {csrfOf(t, form)}, "back": {backRE.FindStringSubmatch(form)[1]}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("Pause from that desk: %d %s, want the desk", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, _ := c.get(resp.Header.Get("Location")); code != http.StatusOK {
		t.Fatalf("where Pause led: %d", code)
	}

	// The question before Stop, asked from the customer's page: the
	// language switch leads back to that page.
	meier := path("/customers/%d", w.meier)
	code, question := c.do(meier, path("/enrollments/%d/stop", w.enrollment), url.Values{"back": {meier}})
	if code != http.StatusOK || !strings.Contains(question, "Stop this follow-up?") {
		t.Fatalf("Stop's question: %d %s", code, question)
	}
	if code, loc, page := c.followLang(question); code != http.StatusOK || loc != meier {
		t.Fatalf("language switch on Stop's question: %d at %s\n%s", code, loc, page)
	}

	// A refusal: a note with nothing in it.
	code, refused := c.do(meier, path("/customers/%d/note", w.meier), url.Values{"back": {meier}, "note": {" "}})
	if code != http.StatusBadRequest {
		t.Fatalf("an empty note: %d %s", code, refused)
	}
	if code, loc, page := c.followLang(refused); code != http.StatusOK || loc != meier {
		t.Fatalf("language switch on a refusal: %d at %s\n%s", code, loc, page)
	}

	// A dead sign-in link: the switch leads to the sign-in page.
	link, _ := w.app.SignInLink(w.ctx, tom, "")
	w.client(srv).useLink(link)
	other := w.client(srv)
	code, gone := other.useLink(link)
	if code != http.StatusGone {
		t.Fatalf("used link: %d", code)
	}
	if code, loc, page := other.followLang(gone); code != http.StatusOK || !strings.Contains(page, `action="/signin"`) {
		t.Fatalf("language switch on a dead link's page: %d at %s\n%s", code, loc, page)
	}

	// Any other answer to a sign-in link pressed (the POST carries its
	// token, not its address): the switch leads to the sign-in page too.
	// A form refused (a page kept open past its CSRF):
	u, _ := url.Parse(link)
	resp = other.post(u.Path, url.Values{"t": {u.Query().Get("t")}, "csrf": {"stale"}})
	refusal, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("a sign-in link pressed with a stale form: %d", resp.StatusCode)
	}
	if code, loc, page := other.followLang(string(refusal)); code != http.StatusOK || !strings.Contains(page, `action="/signin"`) {
		t.Fatalf("language switch on a sign-in link's refused form: %d at %s\n%s", code, loc, page)
	}
	// Tom's link pressed after he left the team:
	left, _ := w.app.SignInLink(w.ctx, tom, "")
	w.withPeople(w.deps.People[0], w.deps.People[2])
	tomC := w.client(srv)
	code, off := tomC.useLink(left)
	if code != http.StatusForbidden || !strings.Contains(off, "no longer on the team") {
		t.Fatalf("a link of someone off the team: %d %s", code, off)
	}
	if code, loc, page := tomC.followLang(off); code != http.StatusOK || !strings.Contains(page, `action="/signin"`) {
		t.Fatalf("language switch on \"no longer on the team\": %d at %s\n%s", code, loc, page)
	}
}

// A template's preview, posted from its editor, stands for the editor's
// page: its language switch reloads the editor.
func TestTemplatePreviewLeadsBackToItsEditor(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	const editor = "/templates/resend.zh.tmpl"
	code, page := mgr.do(editor, editor+"/preview", url.Values{"body": {"subject: 价格\n--- text\n您好\n"}})
	if code != http.StatusOK {
		t.Fatalf("preview: %d %s", code, page)
	}
	if code, loc, body := mgr.followLang(page); code != http.StatusOK || loc != editor {
		t.Fatalf("language switch on a preview: %d at %s\n%s", code, loc, body)
	}
}
