package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/templates"
	"keepwarm/web"
)

// The messages of a refused console save are shown in Chinese in the
// Chinese interface: a sequence's name, a template's header and sections,
// text/template's own parse errors.
func TestConsoleSaveErrorsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for _, msg := range []string{
		`a sequence named "key-customer" exists already`,
		`use lower-case letters, digits, - and _ (it names the file), e.g. "key-customer"`,
		`no subject: line`,
		`no --- text section`,
		`unknown header key "subjct" (want subject, description or requires)`,
		`unknown section "txt" (want text or html)`,
		`section "text" appears twice`,
		`header line must be key: value`,
		`cannot require "Product" (want Products, Company, Original, Occasion or Month)`,
		templates.CompanyEmptyMsg,
		`function "joim" not defined`,
		`unexpected "}" in operand`,
		`unclosed action`,
		`unexpected EOF`,
		`unexpected {{end}}`,
		`the follow-up engine is not running here`,
		`no customer with a thread to show`,
		`no mail of ours to this customer: the quoted original is a sample`,
		`no customer chosen: a sample customer and contact`,
		`this customer has no contact to write to: the contact is a sample`,
	} {
		if got := zh.Err(msg); got == msg || regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`).MatchString(strings.NewReplacer("requires", "", "subject", "", "description", "").Replace(got)) {
			t.Errorf("%q in Chinese: %q", msg, got)
		}
	}
}

// In Chinese, a new sequence named as one that exists is refused beside
// its name in Chinese.
func TestDuplicateSequenceNameInChinese(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	d := keyCustomer(t)
	d.Grades = nil
	form := seqForm(d)
	form.Set("create", "1")
	mgr.pressLang("/lang/zh?next=/")
	code, body := mgr.do("/sequences/new", "/sequences", form)
	m := regexp.MustCompile(`name="name"[^>]*><span class="error field-error">([^<]*)</span>`).FindStringSubmatch(body)
	if code != http.StatusBadRequest || m == nil || regexp.MustCompile(`[A-Za-z]{3,} [A-Za-z]{3,}`).MatchString(m[1]) {
		t.Fatalf("duplicate name in Chinese: %d %q", code, m)
	}
}

// Another file's problem listed beside a refused save is named apart
// from its message, which reads in Chinese; so it is on the page of a
// save it did not stop.
func TestAnotherFilesProblemInChinese(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if err := os.WriteFile(filepath.Join(r.tmplDir, "old.tmpl"), []byte("subject: x\n--- text\n{{joim .Products}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, page := mgr.get("/templates/resend.tmpl")
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	mgr.pressLang("/lang/zh?next=/")
	code, body := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {src + "\n{{.Contact.Nmae}}\n"}})
	if code != http.StatusBadRequest || !regexp.MustCompile(`<li><code>[^<]*old\.tmpl</code> [^<]*: 函数「joim」未定义</li>`).MatchString(body) {
		t.Fatalf("another file's problem: %d\n%s", code, body)
	}
	code, loc := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {src + "\n"}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "saved=pending") {
		t.Fatalf("a save beside old.tmpl's problem: %d %s", code, loc)
	}
	_, page = mgr.get(loc)
	if !regexp.MustCompile(`<li><code>old\.tmpl</code> [^<]*函数「joim」未定义</li>`).MatchString(page) {
		t.Fatalf("old.tmpl's problem on the saved page:\n%s", page)
	}
}

// The sample customer of a preview is marked so in Chinese.
func TestSampleCustomerInChinese(t *testing.T) {
	_, mgr, _, _ := newConsole(t)
	_, page := mgr.get("/templates/christmas.tmpl")
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	mgr.pressLang("/lang/zh?next=/")
	code, body := mgr.do("/templates/christmas.tmpl", "/templates/christmas.tmpl/preview", url.Values{"body": {src}})
	if code != http.StatusOK || !strings.Contains(body, "（示例）</dd>") || strings.Contains(body, "(sample)") {
		t.Fatalf("sample customer in Chinese: %d\n%s", code, previewOf(t, body))
	}
}

// A template writing a field its mail never has, as the console refuses
// it and as a follow-up's step fails for it or a greeting is skipped for
// it, reads in Chinese.
func TestTemplateKindFieldErrorsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for _, k := range templates.Kinds() {
		for _, f := range k.Unset() {
			err := (&templates.UnsetFieldError{File: "resend.tmpl", Field: f, Kind: k}).Error()
			for _, msg := range []string{templates.UnsetMsg(k, f), "step 2: templates: " + err, "template: " + err} {
				if got := zh.Err(msg); got == msg || regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`).MatchString(got) {
					t.Errorf("%q in Chinese: %q", msg, got)
				}
			}
		}
	}
}
