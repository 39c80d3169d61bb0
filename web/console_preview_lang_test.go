package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"keepwarm/web"
)

// pvText is the preview's mail text in page.
func pvText(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<pre class="mailtext" id="pv-text">(.*?)</pre>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no preview text in the page:\n%s", page)
	}
	return htmlText(t, m[1])
}

// The editor of a language version previews the text being typed, in that
// language, for a chosen customer who would get another file (and says
// so) as well as for the sample; a follow-up template, a greeting and a
// monthly letter alike.
func TestLanguageVersionPreviewShowsTheEditedFile(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	src := func(page string) string {
		_, body := mgr.get(page)
		return htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body)[1])
	}
	// Lily wrote to Meier GmbH in English: resend.tmpl and christmas.tmpl
	// are theirs.
	for _, c := range []struct{ file, url, note string }{
		{"resend.es.tmpl", "/templates/resend.es.tmpl", "this customer would get resend.tmpl (en); shown: resend.es.tmpl"},
		{"christmas.es.tmpl", "/templates/christmas.es.tmpl", "this customer would get christmas.tmpl (en); shown: christmas.es.tmpl"},
		{"resend.it.tmpl", "/templates/resend.it.tmpl", "this customer would get resend.tmpl (en); shown: resend.it.tmpl"},
		{"2026-12.es.tmpl", "/letters/2026-12.es.tmpl", ""},
	} {
		body := strings.Replace(src(c.url), "--- text\n", "--- text\nMARCA-ES\n", 1)
		if !strings.Contains(body, "MARCA-ES") {
			t.Fatalf("%s: nothing replaced in\n%s", c.file, body)
		}
		for _, cust := range []int64{0, r.meier} {
			form := url.Values{"body": {body}}
			if cust != 0 {
				form.Set("customer", fmt.Sprint(cust))
			}
			code, page := mgr.do(c.url, c.url+"/preview", form)
			if code != http.StatusOK || !strings.Contains(pvText(t, page), "MARCA-ES") {
				t.Fatalf("%s for customer %d: %d, the preview shows\n%s\n\n%s", c.file, cust, code, pvText(t, page), page)
			}
			if cust != 0 && c.note != "" && !strings.Contains(page, c.note) {
				t.Errorf("%s: the preview does not say the customer would get another file:\n%s", c.file, page)
			}
		}
	}
}

func TestLangNoteInChinese(t *testing.T) {
	msg := "this customer would get resend.tmpl (en); shown: resend.es.tmpl, as a contact writing es would get it"
	if got := (web.Lang{Code: "zh"}).Err(msg); got == msg || !strings.Contains(got, "resend.es.tmpl") {
		t.Fatalf("zh: %s", got)
	}
}

// A customer chosen by link who is not among the latest listed stays the
// chosen one in the editor's list.
func TestEditorKeepsACustomerChosenByLink(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, page := mgr.get(fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.pool))
	if !regexp.MustCompile(fmt.Sprintf(`<option value="%d" selected>[^<]*Pool Trading</option>`, r.pool)).MatchString(page) {
		t.Fatalf("the chosen customer is not selected:\n%s", page)
	}
}
