package web_test

import (
	"net/http"
	"testing"
)

// A pool of 502 customers, imported from a CRM: the heading counts all of
// them, the page says which it shows, and the last of them by name is a
// page or two further on; a customer without a name is listed by its
// address, not the store's key.
func TestThePoolCountsAndPagesEveryCustomer(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	w.poolLeads(500)
	if _, err := w.raw.Exec(`INSERT INTO customers (key, name, owner, created_at) VALUES ('addr:zed@mail.example', '', '', 0)`); err != nil {
		t.Fatal(err)
	}

	first := mustGet(t, c, "/pool")
	mustContain(t, "the pool's first page", first, `<span class="count" id="pool-total">502</span>`, "Showing 1–200 of 502, by name.",
		"Lead 000", "Lead 199", `href="/pool?page=2"`)
	mustLack(t, "the pool's first page", first, "Lead 200", "株式会社 Pool Trading", `id="pool-prev"`)

	last := mustGet(t, c, "/pool?page=3")
	mustContain(t, "the pool's last page", last, "Showing 401–502 of 502, by name.", "Lead 400", "Lead 499",
		"zed@mail.example", "株式会社 Pool Trading", `href="/pool?page=2"`)
	mustLack(t, "the pool's last page", last, "addr:zed", "Lead 399", `id="pool-next"`)

	if code, _ := c.get("/pool?page=0"); code != http.StatusBadRequest {
		t.Fatalf("page 0: %d", code)
	}
}
