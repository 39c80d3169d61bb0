package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
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
