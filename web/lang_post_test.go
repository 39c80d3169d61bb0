package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The language switch is a form with the page's CSRF token: a link in a
// mail or on another site (a GET, or a POST without the token) does not
// change a person's language; the switch on the page does, signed in or
// not.
func TestLanguageSwitchIsAFormWithItsToken(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	english := func(what string) {
		t.Helper()
		if _, desk := c.get("/"); !strings.Contains(desk, "Waiting for your answer") {
			t.Fatalf("%s changed Lily's language:\n%s", what, desk)
		}
	}
	if code, _ := c.get("/lang/zh?next=/"); code == http.StatusSeeOther {
		t.Errorf("a GET of /lang/zh still switches: %d", code)
	}
	english("a link to /lang/zh")
	for _, tok := range []string{"", "forged"} {
		resp := c.post("/lang/zh", url.Values{"csrf": {tok}, "next": {"/"}})
		if body := readAll(resp); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "This form has expired") {
			t.Errorf("a POST with token %q: %d", tok, resp.StatusCode)
		}
		english("a POST without the page's token")
	}
	_, desk := c.get("/customers")
	if code, loc, page := c.followLang(desk); code != http.StatusOK || loc != "/customers" || !strings.Contains(page, `lang="zh-CN"`) {
		t.Fatalf("the switch on the page: %d %s", code, loc)
	}

	// Signed out, the sign-in page's switch works the same way.
	out := w.client(srv)
	_, signin := out.get("/signin")
	if code, loc, page := out.followLang(signin); code != http.StatusOK || loc != "/signin" || !strings.Contains(page, `lang="zh-CN"`) {
		t.Fatalf("the sign-in page's switch: %d %s", code, loc)
	}
}
