package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"keepwarm/web"
)

// The director sees everything (team.managers) but is neither a
// salesperson nor the manager: the absence form does not offer him as a
// backup, and naming him all the same is refused saying who may cover,
// with nothing stored.
func TestAbsenceFormOffersOnlyWhoMayCover(t *testing.T) {
	const director = "director@seller.example"
	w := newWorld(t, "http://keepwarm.test")
	w.withPeople(append(w.deps.People, web.Person{Email: director, Name: "Dan Director", Manager: true})...)
	srv := w.serve()
	for _, who := range []string{lily, mei} {
		_, desk := w.signIn(srv, who).get("/")
		sel := cut(t, desk, `<select name="backup">`, "</select>")
		mustContain(t, who+"'s backup choices", sel, `<option value="`+tom+`">`)
		mustLack(t, who+"'s backup choices", sel, director)
	}
	c := w.signIn(srv, lily)
	code, body := c.do("/", "/away", url.Values{"from": {"2026-11-20"}, "until": {"2026-11-22"}, "backup": {director}})
	if code != http.StatusBadRequest {
		t.Fatalf("the director as Lily's backup: %d", code)
	}
	mustContain(t, "the refusal", body, "Dan Director is not a salesperson or the manager: only they may cover for someone away.")
	if got := (web.Lang{Code: "zh"}).Err("Backup: Dan Director is not a salesperson or the manager: only they may cover for someone away."); got != "代理人：Dan Director 不是业务员或经理：只有他们可以代理外出的同事。" {
		t.Errorf("the refusal in Chinese: %q", got)
	}
	if n := w.count(`SELECT count(*) FROM absences`); n != 0 {
		t.Fatalf("%d absences after the refusal", n)
	}
}
