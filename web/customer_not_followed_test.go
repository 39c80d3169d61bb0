package web_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// Lily's quotation to Acme, a grade-E customer, is followed up by no
// sequence: the customer's page says so under its follow-ups, with the
// mail's subject, why and what to do, in English and Chinese. A mail that
// asked nothing is not listed.
func TestCustomerPageSaysWhyAMailIsNotFollowedUp(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	grade := "E"
	if err := w.db.SetCustomer(w.ctx, w.acme, store.CustomerChange{Grade: &grade}, now0.Add(-3*time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	w.save("lily", "Sent", msg("acme-q@seller.example", keepwarm.KindOutbound, "Quotation 500 pcs LED panels", "bob@acme.com", "Bob Stone", now0.Add(-5*time.Minute)))
	note := msg("acme-n@seller.example", keepwarm.KindOutbound, "Office closed at Christmas", "bob@acme.com", "Bob Stone", now0.Add(-4*time.Minute))
	w.save("lily", "Sent", note)
	if _, err := w.fu.Run(w.ctx, now0); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordSkip(w.ctx, keepwarm.FollowUpSkip{MessageID: w.idOf(note.Key), ThreadID: 4242, CustomerID: w.acme,
		Reason: keepwarm.SkipInformational, Detail: "a notice", CreatedAt: now0}); err != nil {
		t.Fatal(err)
	}
	_, body := lilyC.get(path("/customers/%d", w.acme))
	section := cut(t, body, `id="enrollments"`, "</section>")
	mustContain(t, "Acme's follow-ups", section, "Not followed up", "Quotation 500 pcs LED panels",
		"customer domain:acme.com follows no sequence (grade &#34;E&#34;)", "give the customer a grade that has a follow-up")
	mustLack(t, "Acme's follow-ups", section, "Office closed at Christmas")
	zh := cut(t, lilyC.getZh(t, path("/customers/%d", w.acme)), `id="enrollments"`, "</section>")
	mustContain(t, "Acme's page in Chinese", zh, "Quotation 500 pcs LED panels", "客户 domain:acme.com 不在任何跟进序列中（E 级）")
	mustLack(t, "Acme's page in Chinese", zh, "follows no sequence", "follow-up")
}
