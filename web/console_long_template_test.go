package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A Chinese template well over the 32 KB limit (13,000 characters: 39 KB,
// 117 KB as the browser encodes the form) comes back in its form with the
// typed text and why, not as a page that lost it; nothing is written.
func TestOverLongChineseTemplateComesBackWithItsText(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	body := "subject: 价格\n--- text\n" + strings.Repeat("价", 13000) + "\n"
	code, page := mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl", url.Values{"body": {body}})
	if code != http.StatusBadRequest {
		t.Fatalf("save: %d", code)
	}
	mustContain(t, "the refused form", page, "The template is too long.", `<textarea name="body"`)
	if !strings.Contains(page, strings.Repeat("价", 13000)) {
		t.Fatal("the refused form lost the typed text")
	}
	if _, err := os.Stat(filepath.Join(r.tmplDir, "resend.zh.tmpl")); !os.IsNotExist(err) {
		t.Fatalf("an over-long template was written: %v", err)
	}
	// The live preview says why too.
	code, page = mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl/preview", url.Values{"body": {body}})
	if code != http.StatusBadRequest {
		t.Fatalf("preview: %d", code)
	}
	// htmx swaps in only #preview (hx-select): the reason is inside it,
	// not only above the form, else a paste showed a blank preview.
	i := strings.Index(page, `<div id="preview"`)
	if i < 0 {
		t.Fatal("the refused preview has no #preview")
	}
	pv, _, _ := strings.Cut(page[i:], "</div>")
	if !strings.Contains(pv, "The template is too long.") {
		t.Fatalf("the refused preview does not say the template is too long in #preview:\n%s", pv)
	}
	// Beyond what can be read at all, the page says so instead of "could
	// not be read".
	huge := strings.Repeat("价", 130000)
	code, page = mgr.do("/templates/resend.zh.tmpl", "/templates/resend.zh.tmpl", url.Values{"body": {huge}})
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "The form is too large to be read, so nothing was saved") {
		t.Fatalf("a form over the bound: %d", code)
	}
}

// The full-page Preview of a text over the limit keeps the version the
// form was loaded with: a later save from that page is refused when the
// file was changed meanwhile (here by hand), instead of overwriting it.
func TestOverLongPreviewKeepsTheLoadedVersion(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, page := mgr.get("/templates/resend.tmpl")
	v := versionOf(t, page)
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	theirs := strings.Replace(src, "\n--- text\n", "\n--- text\nTheir line.\n", 1)
	path := filepath.Join(r.tmplDir, "resend.tmpl")
	if err := os.WriteFile(path, []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	long := strings.Replace(src, "\n--- text\n", "\n--- text\n"+strings.Repeat("A product line.\n", 2200), 1)
	code, page := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl/preview", url.Values{"body": {long}, "version": {v}})
	if code != http.StatusBadRequest || !strings.Contains(page, "The template is too long.") {
		t.Fatalf("over-long preview: %d", code)
	}
	if got := versionOf(t, page); got != v {
		t.Fatalf("the too-long preview's page took the file's new version %q, not the loaded %q", got, v)
	}
	mine := strings.Replace(src, "\n--- text\n", "\n--- text\nMy line.\n", 1)
	code, page = mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {mine}, "version": {versionOf(t, page)}})
	if code != http.StatusBadRequest || !strings.Contains(page, "changed by someone else since you opened it") {
		t.Fatalf("save after the too-long preview: %d", code)
	}
	if got, _ := os.ReadFile(path); string(got) != theirs {
		t.Fatalf("the hand edit was overwritten:\n%s", got)
	}
}
