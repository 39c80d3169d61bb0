package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// On page 2 of a long pool, Claim brings Lily back to page 2, not to the
// first page: the pool's forms carry the page they are on, as the desk's do.
func TestClaimKeepsThePoolsPage(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	w.poolLeads(300)
	const page = "/pool?page=2"
	body := mustGet(t, c, page)
	form := regexp.MustCompile(`action="(/customers/\d+/claim)" class="inline">.*?name="back" value="([^"]*)"`).FindStringSubmatch(body)
	if form == nil {
		t.Fatalf("no Claim form on the pool's second page:\n%s", body)
	}
	if got := html.UnescapeString(form[2]); got != page {
		t.Errorf("the Claim form goes back to %q, want the page %q", got, page)
	}
	code, loc := c.do(page, form[1], url.Values{"back": {html.UnescapeString(form[2])}})
	if code != http.StatusSeeOther || loc != page {
		t.Errorf("Claim: %d to %q, want 303 to %q", code, loc, page)
	}
}

// poolLeads adds n customers nobody owns, domain:lead000.example "Lead
// 000" on, in one transaction.
func (w *world) poolLeads(n int) {
	w.t.Helper()
	tx, err := w.raw.BeginTx(w.ctx, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	defer tx.Rollback()
	for i := 0; i < n; i++ {
		if _, err := tx.Exec(`INSERT INTO customers (key, name, owner, created_at) VALUES (?, ?, '', 0)`,
			path("domain:lead%03d.example", i), path("Lead %03d", i)); err != nil {
			w.t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		w.t.Fatal(err)
	}
}
