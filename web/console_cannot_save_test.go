package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/web"
)

// With no directory for the team's files the editors say so before
// anything is typed and offer no save; a save sent anyway (a page opened
// before the configuration changed) comes back as the form with what was
// typed and why, not as a bare error page.
func TestEditorsSayBeforehandWhenTheyCannotSave(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	deps := r.deps
	deps.SequencesDir, deps.TemplatesDir, deps.LettersDir = "", "", ""
	r.be = app.NewWebBackend(deps)
	r.rebase(r.cfg.BaseURL)

	for _, c := range []struct{ page, why string }{
		{"/templates/resend.tmpl", "templates_dir"},
		{"/templates/new-one.es.tmpl", "templates_dir"},
		{"/letters/2026-12.tmpl", "letters_dir"},
		{"/sequences/key-customer", "[sequences] dir"},
		{"/sequences/new", "[sequences] dir"},
	} {
		code, body := mgr.get(c.page)
		if code != http.StatusOK || !regexp.MustCompile(`id="cannot-save"[^>]*>[^<]*`+regexp.QuoteMeta(c.why)).MatchString(body) ||
			strings.Contains(body, "Check and save") {
			t.Errorf("%s: %d\n%s", c.page, code, body)
		}
	}
	_, page := mgr.get("/templates/resend.tmpl")
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	typed := strings.Replace(src, "--- text\n", "--- text\nMARKER typed for twenty minutes\n", 1)
	code, body := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {typed}})
	if code != http.StatusBadRequest || !strings.Contains(body, `id="tmplform"`) || !strings.Contains(body, "MARKER typed for twenty minutes") ||
		!strings.Contains(body, "templates_dir") {
		t.Fatalf("template save without a directory: %d\n%s", code, body)
	}
	d := keyCustomer(t)
	d.Description = "MARKER described at length"
	code, body = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusBadRequest || !strings.Contains(body, `value="MARKER described at length"`) || !strings.Contains(body, "[sequences] dir") {
		t.Fatalf("sequence save without a directory: %d\n%s", code, body)
	}
	_, page = mgr.get("/letters/2026-12.tmpl")
	src = htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	code, body = mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {src + "\nMARKER letter"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "MARKER letter") || !strings.Contains(body, "letters_dir") {
		t.Fatalf("letter save without a directory: %d\n%s", code, body)
	}
}

// A template too long is refused with the editor and what was typed; a
// long Chinese text within the limit (nine bytes a character once the
// browser encodes the form) is read, previewed and saved.
func TestLongTemplatesKeepTheTypedText(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, page := mgr.get("/templates/resend.zh.tmpl")
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	long := strings.Replace(src, "--- text\n", "--- text\nMARKER "+strings.Repeat("very long ", 4000)+"\n", 1)
	code, body := mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl", url.Values{"body": {long}})
	if code != http.StatusBadRequest || !strings.Contains(body, `id="tmplform"`) || !strings.Contains(body, "MARKER very long very long") ||
		!strings.Contains(body, "The template is too long") {
		t.Fatalf("too long: %d\n%.3000s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("a template too long was written")
	}
	ok := strings.Replace(src, "--- text\n", "--- text\nMARKER "+strings.Repeat("很长", 5000)+"\n", 1)
	code, body = mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl/preview", url.Values{"body": {ok}})
	if code != http.StatusOK || !strings.Contains(pvText(t, body), "MARKER 很长很长") {
		t.Fatalf("long Chinese preview: %d\n%.3000s", code, body)
	}
	if code, loc := mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl", url.Values{"body": {ok}}); code != http.StatusSeeOther {
		t.Fatalf("long Chinese save: %d %.3000s", code, loc)
	}
}

func TestCannotSaveInChinese(t *testing.T) {
	for _, msg := range []string{
		"no directory for the team's templates: set [sequences] templates_dir",
		"no directory for the team's sequences: set [sequences] dir",
		"no directory for the monthly letters: set [greetings] letters_dir",
		"the directory /srv/keepwarm/templates does not exist: create it, writable by keepwarm",
		"keepwarm may not write to the directory /srv/keepwarm/templates: let the user it runs as write there",
		"the file /srv/keepwarm/templates/resend.tmpl could not be written (no space left on device): nothing was saved",
	} {
		if got := (web.Lang{Code: "zh"}).Err(msg); got == msg {
			t.Errorf("no Chinese for %q", msg)
		}
	}
}
