package web_test

import (
	"net/http"
	"testing"
	"time"

	"keepwarm"
)

// A customer opted out as a whole by an answer ("please remove us") says
// on its page who asked.
func TestCustomerPageNamesWhoOptedTheCompanyOut(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	ask := msg("stop-2@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", "hans@buyer.de", "Hans Meier", now0.Add(-time.Hour))
	w.save("lily", "INBOX", ask)
	w.save("lily", "INBOX", msg("ute-1@buyer.de", keepwarm.KindInbound, "Samples", "ute@buyer.de", "Ute Kraus", now0.Add(-2*time.Hour)))
	o := keepwarm.OptOut{Email: "hans@buyer.de", MessageID: w.idOf("stop-2@buyer.de"), Reason: "answer with opt-out wording",
		CustomerID: w.meier, CompanyReason: "hans@buyer.de asked for the whole company in an answer to a follow-up"}
	if err := w.db.OptOut(w.ctx, o, now0); err != nil {
		t.Fatal(err)
	}
	_, body := lilyC.get(path("/customers/%d", w.meier))
	mustContain(t, "Meier's page", body, "hans@buyer.de asked for the whole company in an answer to a follow-up")
	// Ute, who asked nothing, is not written to either: her row says so.
	var ute int64
	if err := w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'ute@buyer.de'`).Scan(&ute); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "Ute's row", cut(t, body, path(`id="contact-%d"`, ute), "</li>"), "Opted out with the company")
	zh := lilyC.getZh(t, path("/customers/%d", w.meier))
	mustContain(t, "Meier's page in Chinese", zh, "hans@buyer.de 在回复跟进邮件时代表整个公司提出")
	mustLack(t, "Meier's page in Chinese", zh, "asked for the whole company", "Opted out with the company")
	mustContain(t, "Meier's page in Chinese", zh, "随公司退订")
}

// Hans asked for the whole company; then he calls: a mistake, keep writing.
// The manager unticks his opt-out on the customer's page: the company's,
// which his mail recorded, goes with it, and Meier is written to again.
func TestClearingTheAskersOptOutClearsTheCompanys(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	meiC := w.signIn(srv, mei)
	ask := msg("stop-2@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", "hans@buyer.de", "Hans Meier", now0.Add(-time.Hour))
	w.save("lily", "INBOX", ask)
	o := keepwarm.OptOut{Email: "hans@buyer.de", MessageID: w.idOf("stop-2@buyer.de"), Reason: "answer with opt-out wording",
		CustomerID: w.meier, CompanyReason: "hans@buyer.de asked for the whole company in an answer to a follow-up"}
	if err := w.db.OptOut(w.ctx, o, now0); err != nil {
		t.Fatal(err)
	}
	var hans int64
	if err := w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans); err != nil {
		t.Fatal(err)
	}
	_, page := meiC.get(path("/customers/%d", w.meier))
	form := formOf(t, page, path("/contacts/%d", hans))
	form.Del("opted_out")
	resp := meiC.post(path("/contacts/%d", hans), form)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Mei unticks Hans's opt-out: %d", resp.StatusCode)
	}
	if blocked, err := w.db.BlockedAddresses(w.ctx, []string{"hans@buyer.de"}); err != nil || len(blocked) != 0 {
		t.Fatalf("hans@ still blocked %v (%v); want written to again", blocked, err)
	}
	if rec, err := w.db.Customer(w.ctx, w.meier); err != nil || rec.OptedOutAt != nil || rec.OptOutReason != "" {
		t.Fatalf("Meier opted out %v %q (%v); want the company's opt-out gone with Hans's", rec.OptedOutAt, rec.OptOutReason, err)
	}
}
