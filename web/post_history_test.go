package web_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// boosted posts form with the CSRF token of page as htmx posts a boosted
// form, and returns the answer's status, its HX-Push-Url and its body.
func (c *client) boosted(page, path string, form url.Values) (int, string, string) {
	c.w.t.Helper()
	code, body := c.get(page)
	if code != http.StatusOK {
		c.w.t.Fatalf("GET %s: %d", page, code)
	}
	form.Set("csrf", csrfOf(c.w.t, body))
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Boosted", "true")
	resp, err := c.c.Do(req)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("HX-Push-Url"), string(b)
}

// A page shown in answer to a boosted form (Stop's question, a refused
// absence, a refusal) is recorded in the browser's history under the page
// it stands for, not the POST's path: Back or F5 there opened that path
// with a GET and showed a bare English "Method Not Allowed".
func TestAnswersToAFormAreRecordedUnderAPageThatOpens(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)
	meier := path("/customers/%d", w.meier)

	for _, tc := range []struct {
		what, page, path string
		form             url.Values
		code             int
		want             string
	}{
		{"Stop's question from the desk", "/", stop, url.Values{"back": {"/"}}, http.StatusOK, "/"},
		{"Stop's question from Meier's page", meier, stop, url.Values{"back": {meier}}, http.StatusOK, meier},
		{"a refused absence", "/", "/away", url.Values{"from": {"2026-11-20"}, "until": {"2026-11-18"}}, http.StatusBadRequest, "/"},
		{"an empty note", meier, path("/customers/%d/note", w.meier), url.Values{"back": {meier}, "note": {" "}}, http.StatusBadRequest, meier},
	} {
		code, push, body := c.boosted(tc.page, tc.path, tc.form)
		if code != tc.code {
			t.Errorf("%s: %d, want %d\n%s", tc.what, code, tc.code, body)
			continue
		}
		if push != tc.want {
			t.Errorf("%s is recorded in the history as %q, want %q", tc.what, push, tc.want)
		}
		if got, _ := c.get(push); got != http.StatusOK {
			t.Errorf("%s: its history entry %q opens with %d", tc.what, push, got)
		}
	}
}

// The address of a form's answer opened with a GET (a bookmark, the
// history of a browser without JavaScript) says what it is and leads to
// the desk, in the salesperson's language; it changes nothing.
func TestAFormsAddressOpenedSaysWhatItIs(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	for _, p := range []string{path("/enrollments/%d/stop", w.enrollment), "/away", path("/customers/%d/release", w.meier), "/outbox/1/skip"} {
		code, body := c.get(p)
		if code != http.StatusMethodNotAllowed {
			t.Errorf("GET %s: %d", p, code)
		}
		mustContain(t, "GET "+p, body, "was the answer to a button you pressed", "opening it did nothing", `<a href="/">Desk</a>`)
		mustLack(t, "GET "+p, body, "Method Not Allowed")
	}
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.get(path("/enrollments/%d/skip", w.enrollment))
	mustContain(t, "the page in Chinese", zh, "打开它没有做任何操作", `<a href="/">工作台</a>`)
	mustLack(t, "the page in Chinese", zh, "was the answer")
	if n := w.count(`SELECT count(*) FROM web_audit`); n != 0 {
		t.Fatalf("%d audit rows after opening the addresses", n)
	}
	// Signed out: to the sign-in page first, as any page, and from there to
	// the desk, not back to a page that says it is no page.
	if code, loc := w.client(srv).get(path("/enrollments/%d/stop", w.enrollment)); code != http.StatusSeeOther || loc != "/signin?next=%2F" {
		t.Fatalf("signed out: %d %s, want 303 to /signin?next=%%2F", code, loc)
	}
}

// The editor's full-page Preview address opened with a GET (Back after the
// preview, a bookmark) opens the editor of that file, not the desk's
// "button you pressed" page; signed out, sign-in leads back to the editor.
func TestAPreviewsAddressOpensTheEditor(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if err := os.WriteFile(filepath.Join(r.lettersDir, "2026-12.tmpl"), []byte(decemberLetter), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, editor := range []string{"/templates/resend.tmpl", "/letters/2026-12.tmpl"} {
		code, loc := mgr.get(editor + "/preview")
		if code != http.StatusSeeOther || loc != editor {
			t.Errorf("GET %s/preview: %d %.200s, want 303 to %s", editor, code, loc, editor)
			continue
		}
		if code, body := mgr.get(loc); code != http.StatusOK || !strings.Contains(body, `action="`+editor+`"`) {
			t.Errorf("%s: %d, not the editor:\n%.300s", loc, code, body)
		}
		// A crafted path leads to this server's editor, never elsewhere.
		if code, loc := mgr.get("//elsewhere.example/.." + editor + "/preview"); code != http.StatusSeeOther || loc != editor {
			t.Errorf("GET //elsewhere.example/..%s/preview: %d %.200s, want 303 to %s", editor, code, loc, editor)
		}
		code, loc = r.client(mgr.srv).get(editor + "/preview")
		if code != http.StatusSeeOther {
			t.Fatalf("signed out GET %s/preview: %d", editor, code)
		}
		if code, loc = r.client(mgr.srv).get(loc); code != http.StatusSeeOther || loc != "/signin?next="+url.QueryEscape(editor) {
			t.Errorf("signed out GET %s/preview leads to %d %s", editor, code, loc)
		}
	}
}
