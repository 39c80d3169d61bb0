package web_test

import (
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
	o := keepwarm.OptOut{Email: "hans@buyer.de", MessageID: w.idOf("stop-2@buyer.de"), Reason: "answer with opt-out wording",
		CustomerID: w.meier, CompanyReason: "hans@buyer.de asked for the whole company in an answer to a follow-up"}
	if err := w.db.OptOut(w.ctx, o, now0); err != nil {
		t.Fatal(err)
	}
	_, body := lilyC.get(path("/customers/%d", w.meier))
	mustContain(t, "Meier's page", body, "hans@buyer.de asked for the whole company in an answer to a follow-up")
	zh := lilyC.getZh(t, path("/customers/%d", w.meier))
	mustContain(t, "Meier's page in Chinese", zh, "hans@buyer.de 在回复跟进邮件时代表整个公司提出")
	mustLack(t, "Meier's page in Chinese", zh, "asked for the whole company")
}
