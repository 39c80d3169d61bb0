package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm/store"
)

// A key customer's trail of changes grows for years: its page lists the
// 50 newest and says how many older ones it leaves out, in English and in
// Chinese.
func TestCustomerPageListsTheNewestChanges(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for i := 1; i <= 60; i++ {
		if err := w.db.AddAudit(w.ctx, store.AuditEntry{CustomerID: w.meier, Actor: lily, Action: "customer.note",
			Subject: fmt.Sprintf("note %d", i), At: now0.Add(time.Duration(i-61) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, body := c.get(path("/customers/%d", w.meier))
	audit := cut(t, body, `id="audit"`, "</section>")
	if n := strings.Count(audit, "<li>"); n != 50 {
		t.Errorf("%d changes listed, want the 50 newest", n)
	}
	mustContain(t, "Meier's changes", audit, "note 60<", "note 11<", "The 50 most recent changes are shown; 10 older changes are not.")
	mustLack(t, "Meier's changes", audit, "note 10<", "note 1<")
	mustContain(t, "Meier's changes in Chinese", cut(t, c.getZh(t, path("/customers/%d", w.meier)), `id="audit"`, "</section>"),
		"只显示最近的 50 条改动；另有 10 条较早的改动未显示。")
}
