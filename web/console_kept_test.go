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

// send posts form as it is (its csrf included) and returns the status
// and the Location or the body.
func (c *client) send(path string, form url.Values) (int, string) {
	c.w.t.Helper()
	resp := c.post(path, form)
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signInAgain signs c in again with a new link, as a manager does in
// another tab of the same browser: the form of a page opened before holds
// the token of the session replaced.
func (r *consoleRig) signInAgain(c *client, email string) {
	r.t.Helper()
	link, err := r.app.SignInLink(r.ctx, email, "")
	if err != nil {
		r.t.Fatal(err)
	}
	if code, _ := c.useLink(link); code != http.StatusSeeOther {
		r.t.Fatalf("sign in again: %d", code)
	}
}

var bodyRE = regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`)

// The template editor's Save, pressed after the browser was signed in
// again in another tab, saves nothing (the form's token is the old
// session's) but brings the editor back with what was typed and a token
// that counts, so that Save again saves it. It answered with a page of
// one line, "This form has expired: reload the page", and reloading
// brought back the saved file: the typed text was gone.
func TestTemplateSaveAfterSigningInAgainKeepsTheText(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	for _, file := range []string{"/templates/resend.tmpl", "/letters/2027-01.zh.tmpl"} {
		_, page := mgr.get(file)
		old := csrfOf(t, page)
		m := bodyRE.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no editor at %s:\n%s", file, page)
		}
		typed := html.UnescapeString(m[1]) + "\nKEEP-ME-42 <b>&</b>\n"
		written := len(r.files(r.tmplDir)) + len(r.files(r.lettersDir))
		r.signInAgain(mgr, mei)
		form := url.Values{"csrf": {old}, "body": {typed}, "version": {regexp.MustCompile(`name="version" value="([^"]*)"`).FindStringSubmatch(page)[1]}}
		code, body := mgr.send(file, form)
		if code != http.StatusForbidden {
			t.Fatalf("%s: Save with the old page's token: %d; want 403 (nothing saved)\n%s", file, code, body)
		}
		m = bodyRE.FindStringSubmatch(body)
		if m == nil || html.UnescapeString(m[1]) != typed {
			t.Fatalf("%s: the typed text did not come back in the editor:\n%s", file, body)
		}
		mustContain(t, "the answer", body, "You were signed in again since this page was opened, so nothing was saved")
		if n := len(r.files(r.tmplDir)) + len(r.files(r.lettersDir)); n != written {
			t.Fatalf("%s: %d files written with a token that does not count", file, n)
		}
		fresh := csrfOf(t, body)
		if fresh == old {
			t.Fatalf("%s: the editor came back with the old token", file)
		}
		// The Chinese page says it too.
		mgr.setLang("zh")
		_, zhBody := mgr.send(file, form)
		mustContain(t, "the Chinese answer", zhBody, "打开这个页面之后你重新登录过")
		mgr.setLang("en")
		form.Set("csrf", fresh)
		if code, loc := mgr.send(file, form); code != http.StatusSeeOther || !strings.Contains(loc, "saved=") {
			t.Fatalf("%s: Save again: %d %s", file, code, loc)
		}
	}
}

// The sequence editor's Save after signing in again brings its form back
// with every field and step as typed, and saves nothing.
func TestSequenceSaveAfterSigningInAgainKeepsTheDraft(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, page := mgr.get("/sequences/key-customer")
	old := csrfOf(t, page)
	d := keyCustomer(t)
	d.Description = "KEEP-ME-43"
	d.Steps[1].Task = "Call about KEEP-ME-44"
	r.signInAgain(mgr, mei)
	form := seqForm(d)
	form.Set("csrf", old)
	code, body := mgr.send("/sequences", form)
	if code != http.StatusForbidden {
		t.Fatalf("Save with the old page's token: %d; want 403\n%s", code, body)
	}
	mustContain(t, "the answer", body, `value="KEEP-ME-43"`, `value="Call about KEEP-ME-44"`, "You were signed in again since this page was opened, so nothing was saved", "Check and save")
	if n := len(r.files(r.seqDir)); n != 0 {
		t.Fatalf("%d files written with a token that does not count", n)
	}
	form.Set("csrf", csrfOf(t, body))
	if code, loc := mgr.send("/sequences", form); code != http.StatusSeeOther {
		t.Fatalf("Save again: %d %s", code, loc)
	}
}

// A Save after the session ended (signed out in another tab, revoked,
// expired) saves nothing and answers with what was typed, a sign-in link
// that opens another tab, and a form to send it again from: signed in
// again, sent, the editor comes back with the text to save.
func TestTemplateSaveAfterTheSessionEndedKeepsTheText(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, page := mgr.get("/templates/resend.tmpl")
	m := bodyRE.FindStringSubmatch(page)
	typed := html.UnescapeString(m[1]) + "\nKEEP-ME-45 <i>\n"
	if code, _ := mgr.do("/templates/resend.tmpl", "/signout", nil); code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", code)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "body": {typed}, "customer": {"0"}}
	code, body := mgr.send("/templates/resend.tmpl", form)
	if code != http.StatusUnauthorized {
		t.Fatalf("Save signed out: %d; want 401\n%s", code, body)
	}
	mustContain(t, "the answer", body, "Your session has ended, so nothing was saved", `href="/signin?next=%2Ftemplates%2Fresend.tmpl" target="_blank"`)
	if m := bodyRE.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != typed {
		t.Fatalf("the typed text is not on the answer:\n%s", body)
	}
	mustLack(t, "the answer", body, csrfOf(t, page))
	if n := len(r.files(r.tmplDir)); n != 0 {
		t.Fatalf("%d files written signed out", n)
	}
	// Signed in again (in another tab), the kept form sent again: the
	// editor with the text and a token that counts.
	r.signInAgain(mgr, mei)
	again := formOf(t, body, "/templates/resend.tmpl")
	again.Set("body", html.UnescapeString(bodyRE.FindStringSubmatch(body)[1]))
	code, body = mgr.send("/templates/resend.tmpl", again)
	if m := bodyRE.FindStringSubmatch(body); code != http.StatusForbidden || m == nil || html.UnescapeString(m[1]) != typed {
		t.Fatalf("the kept form sent again: %d\n%s", code, body)
	}
	again.Set("csrf", csrfOf(t, body))
	if code, loc := mgr.send("/templates/resend.tmpl", again); code != http.StatusSeeOther {
		t.Fatalf("Save: %d %s", code, loc)
	}
	if n := len(r.files(r.tmplDir)); n != 1 {
		t.Fatalf("%d files after the save; want 1", n)
	}
}
