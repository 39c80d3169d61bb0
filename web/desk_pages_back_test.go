package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// On the second page of a long waiting list, "No answer needed" and its
// Undo bring Lily back to that page, not to the most recent one: every
// form of the desk carries the page it is on.
func TestNoAnswerNeededKeepsTheDesksPage(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	ids := w.manyWaiting(60)
	srv := w.serve()
	lc := w.signIn(srv, lily)

	_, p1 := lc.get("/")
	page := pageLink(p1, "page-older")
	if page == "" {
		t.Fatal("no link to older mail")
	}
	page, _, _ = strings.Cut(page, "#") // the address the browser asks for
	code, p2 := lc.get(page)
	if code != http.StatusOK {
		t.Fatalf("the second page: %d", code)
	}
	id := ids[30] // on the second page
	form := regexp.MustCompile(`action="/messages/` + itoa(id) + `/no-answer" class="inline">.*?name="back" value="([^"]*)"`).FindStringSubmatch(p2)
	if form == nil {
		t.Fatalf("no No answer needed form for message %d on the second page", id)
	}
	if got := html.UnescapeString(form[1]); got != page {
		t.Errorf("the form goes back to %q, want the page %q", got, page)
	}
	code, loc := lc.do(page, "/messages/"+itoa(id)+"/no-answer", url.Values{"back": {html.UnescapeString(form[1])}})
	if code != http.StatusSeeOther || loc != page {
		t.Errorf("No answer needed: %d to %q, want 303 to %q", code, loc, page)
	}
	for _, b := range regexp.MustCompile(`name="back" value="([^"]*)"`).FindAllStringSubmatch(mustGet(t, lc, page), -1) {
		if got := html.UnescapeString(b[1]); got != page {
			t.Errorf("a form of the second page goes back to %q, want %q", got, page)
		}
	}
}
