package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"keepwarm/web"
)

// A manager who does not sell has no Claim button on the pool page, and a
// claim posted anyway is refused with the rule and the CLI's way to hand
// the customer to a salesperson (in Chinese too); the customer stays in
// the pool. A manager who also sells claims as any salesperson does.
func TestOnlyASalespersonClaimsFromThePool(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	claim := path("/customers/%d/claim", w.pool)
	mgr := w.signIn(srv, mei)
	_, body := mgr.get("/pool")
	mustContain(t, "the manager's pool page", body, "株式会社 Pool Trading",
		"Only salespeople claim from the pool: to give a customer to one, run keepwarm customers claim ID --salesperson NAME.")
	mustLack(t, "the manager's pool page", body, `action="`+claim+`"`)
	code, body := mgr.do("/pool", claim, url.Values{"back": {"/pool"}})
	want := path("only a salesperson claims from the pool, and %s is not a configured [[salesperson]]: to give the customer to one, run keepwarm customers claim %d --salesperson NAME", mei, w.pool)
	if code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), want) {
		t.Fatalf("the manager claims: %d, want 400 with %q\n%s", code, want, body)
	}
	if rec, _ := w.db.Customer(w.ctx, w.pool); rec.Owner != "" {
		t.Fatalf("the refused claim gave the customer to %q", rec.Owner)
	}
	if code, _ := mgr.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body = mgr.get("/pool")
	mustContain(t, "the manager's pool page in Chinese", body, "只有销售员可以从公海认领客户")
	code, body = mgr.do("/pool", claim, url.Values{"back": {"/pool"}})
	if code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body),
		path("只有销售员可以从公海认领客户，而 %s 不是配置中的销售员（[[salesperson]]）：要把这个客户交给某位销售员，请运行 keepwarm customers claim %d --salesperson 姓名。", mei, w.pool)) {
		t.Fatalf("the refusal in Chinese: %d\n%s", code, body)
	}

	// Tom sells and manages: he claims, from the pool page.
	w.withPeople(web.Person{Email: lily, Name: "Lily Chen"}, web.Person{Email: tom, Name: "Tom Wu"},
		web.Person{Email: tom, Manager: true}, web.Person{Email: mei, Name: "Mei Lin", Manager: true})
	tomC := w.signIn(srv, tom)
	_, body = tomC.get("/pool")
	mustContain(t, "Tom's pool page", body, `action="`+claim+`"`)
	if code, body := tomC.do("/pool", claim, url.Values{"back": {"/pool"}}); code != http.StatusSeeOther {
		t.Fatalf("Tom claims: %d\n%s", code, body)
	}
	if rec, _ := w.db.Customer(w.ctx, w.pool); rec.Owner != tom {
		t.Fatalf("after Tom's claim: owner %q", rec.Owner)
	}
}
