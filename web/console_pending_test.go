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

// A template saved while another file left broken by hand still does not
// load comes back saved, saying the follow-ups take the change once the
// other file is fixed, with that file's problem listed and linked, in
// English and Chinese; a sequence saved then says the same.
func TestSavedBesideABrokenFileSaysTheFollowUpsWaitForIt(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	broken := "subject: New prices\n--- text\n{{.Contact.Salutation}},\n\nour prices change {{.Month\n"
	if err := os.WriteFile(filepath.Join(r.tmplDir, "price-update.tmpl"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	_, page := mgr.get("/templates/resend.tmpl")
	src := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	mine := strings.Replace(src, "\n--- text\n", "\n--- text\nMy line.\n", 1)
	code, loc := mgr.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {mine}, "version": {versionOf(t, page)}})
	if code != http.StatusSeeOther || !strings.Contains(loc, "saved=pending") {
		t.Fatalf("save beside a broken price-update.tmpl: %d %s", code, loc)
	}
	if got, _ := os.ReadFile(filepath.Join(r.tmplDir, "resend.tmpl")); string(got) != mine {
		t.Fatalf("resend.tmpl not written: %q", got)
	}
	_, page = mgr.get(loc)
	mustContain(t, loc, page, `id="saved-pending"`)
	mustContain(t, loc, page, "the follow-ups take this change once they are fixed")
	mustContain(t, loc, page, `href="/templates/price-update.tmpl"`)
	zh := mgr.getZh(t, loc)
	mustContain(t, loc+" in Chinese", zh, "修好之后，跟进才会采用这次修改")

	d := keyCustomer(t)
	d.Description = "our key customers"
	code, loc = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusSeeOther || !strings.Contains(loc, "saved=pending") {
		t.Fatalf("sequence save beside a broken price-update.tmpl: %d %s", code, loc)
	}
	_, page = mgr.get(loc)
	mustContain(t, loc, page, `id="saved-pending"`)
	mustContain(t, loc, page, `href="/templates/price-update.tmpl"`)
}
