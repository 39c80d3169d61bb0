package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// A customer with no name reads as what its key names (its domain or
// address) on the desk, its page and the questions asked before a change,
// as in search and the pool: never as the store's "domain:…" key.
func TestACustomerWithoutANameShowsItsDomainNotItsKey(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if _, err := w.raw.Exec(`UPDATE customers SET name = '' WHERE id IN (?, ?)`, w.meier, w.acme); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	_, desk := lilyC.get("/")
	mustContain(t, "the desk", desk, "acme.com", "buyer.de")
	mustLack(t, "the desk", desk, "domain:acme.com", "domain:buyer.de")
	code, page := lilyC.get(path("/customers/%d", w.meier))
	if code != http.StatusOK {
		t.Fatalf("Meier's page: %d", code)
	}
	mustContain(t, "Meier's page", page, "<title>buyer.de", "<h1>buyer.de")
	mustLack(t, "Meier's page", page, "domain:buyer.de")
	code, stop := lilyC.do("/", path("/enrollments/%d/stop", w.enrollment), url.Values{})
	if code != http.StatusOK {
		t.Fatalf("the stop question: %d %s", code, stop)
	}
	mustContain(t, "the stop question", stop, "buyer.de · key-customer")
	mustLack(t, "the stop question", stop, "domain:buyer.de")

	// Acme's waiting mail marked "no answer needed": the desk's list of
	// the day's marks names Acme by its domain too.
	m := regexp.MustCompile(`<li id="wait-(\d+)"`).FindStringSubmatch(cut(t, desk, `id="waiting"`, "</section>"))
	if m == nil {
		t.Fatalf("no waiting mail on the desk")
	}
	if code, loc := lilyC.do("/", "/messages/"+m[1]+"/no-answer", url.Values{"back": {"/"}}); code != http.StatusSeeOther {
		t.Fatalf("no answer needed: %d %s", code, loc)
	}
	_, desk = lilyC.get("/")
	settled := cut(t, desk, `id="settled-`+m[1]+`"`, "</li>")
	mustContain(t, "the marked mail", settled, "acme.com")
	mustLack(t, "the marked mail", settled, "domain:acme.com")
}
