package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/web"
)

// A monthly letter that would read "New: ." to a customer whose tags
// match no product is refused as a follow-up template is, the fix named;
// with the header it saves.
func TestLetterRenderingEmptyProductsIsRefused(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	bad := "subject: News for {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nNew: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n"
	code, body := mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {bad}})
	if code != http.StatusBadRequest || !strings.Contains(body, "requires: Products") {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if len(r.files(r.lettersDir)) != 0 {
		t.Fatal("the letter was written")
	}
	code, body = mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl/preview", url.Values{"body": {bad}})
	if code != http.StatusOK || !strings.Contains(previewOf(t, body), "renders with Products empty") {
		t.Fatalf("preview: %d\n%s", code, body)
	}
	good := "requires: Products\n" + bad
	if code, loc := mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {good}}); code != http.StatusSeeOther {
		t.Fatalf("save with requires: %d %s", code, loc)
	}
	// A letter that leaves the products out when there are none (the
	// starter's "what is new this month{{with .Products}}: ...{{end}}.")
	// goes to everyone as written.
	for _, f := range r.files(r.lettersDir) {
		os.Remove(filepath.Join(r.lettersDir, f))
	}
	_, page := mgr.get("/letters/2027-01.tmpl")
	starter := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	if !strings.Contains(starter, "{{with .Products}}") {
		t.Fatalf("the starter letter:\n%s", starter)
	}
	if code, loc := mgr.do("/letters/2027-01.tmpl", "/letters/2027-01.tmpl", url.Values{"body": {starter}}); code != http.StatusSeeOther {
		t.Fatalf("the starter letter is refused: %d %s", code, loc)
	}
}

// A template that fails outright when .Products is empty (the first
// product by index) is refused before any step fails on it.
func TestTemplateFailingWithEmptyProductsIsRefused(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, src := mgr.get("/templates/intro.tmpl")
	orig := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	bad := strings.Replace(orig, "\n--- text\n", "\n--- text\nOur bestseller {{(index .Products 0).Name}} is back.\n", 1)
	code, body := mgr.do("/templates/intro.tmpl", "/templates/intro.tmpl", url.Values{"body": {bad}})
	if code != http.StatusBadRequest || !regexp.MustCompile(`<code>\.Products</code>: fails when Products is empty \(.*\): add &#34;requires: Products&#34;`).MatchString(body) {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("the template was written")
	}
	good := strings.Replace(bad, "subject:", "requires: Products\nsubject:", 1)
	if code, loc := mgr.do("/templates/intro.tmpl", "/templates/intro.tmpl", url.Values{"body": {good}}); code != http.StatusSeeOther {
		t.Fatalf("save with requires: %d %s", code, loc)
	}
	msg := "fails when Products is empty (error calling index: index out of range: 0): add \"requires: Products\" to its header so such a mail is skipped (and the digest says why)"
	if got := (web.Lang{Code: "zh"}).Err(msg); got == msg {
		t.Errorf("no Chinese for %q", msg)
	}
}

// A template or letter writing .Company bare ("Offer for {{.Company}}")
// is refused, naming .Company and both fixes: a customer the book knows
// only by its domain would get "Offer for ". Inside {{with .Company}}, or
// with "requires: Company", it saves.
func TestTemplateWithCompanyBareIsRefused(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, src := mgr.get("/templates/resend.tmpl")
	orig := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	bad := regexp.MustCompile(`(?m)^subject: .*$`).ReplaceAllString(orig, "subject: Our offer for {{.Company}}")
	if bad == orig {
		t.Fatalf("resend.tmpl:\n%s", orig)
	}
	code, body := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {bad}})
	if code != http.StatusBadRequest || !regexp.MustCompile(`<code>\.Company</code>: renders with Company empty .*requires: Company`).MatchString(body) {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("the template was written")
	}
	good := strings.Replace(bad, "{{.Company}}", "{{with .Company}}{{.}}{{else}}you{{end}}", 1)
	if code, loc := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {good}}); code != http.StatusSeeOther {
		t.Fatalf("save with {{with .Company}}: %d %s", code, loc)
	}

	letter := "subject: News for {{.Company}}\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this month.\n\n{{.Owner.Signature}}\n"
	code, body = mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {letter}})
	if code != http.StatusBadRequest || !strings.Contains(body, "renders with Company empty") {
		t.Fatalf("letter save: %d\n%s", code, body)
	}
	if len(r.files(r.lettersDir)) != 0 {
		t.Fatal("the letter was written")
	}
	if code, loc := mgr.do("/letters/2026-12.tmpl", "/letters/2026-12.tmpl", url.Values{"body": {"requires: Company\n" + letter}}); code != http.StatusSeeOther {
		t.Fatalf("letter save with requires: %d %s", code, loc)
	}
}
