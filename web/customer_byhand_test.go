package web_test

import (
	"testing"
	"time"

	"keepwarm"
)

// Lily's question to Ute in the thread whose follow-up writes to Hans is
// chased by no step: the customer's page lists it to follow up by hand,
// saying why, in English and Chinese. A mail set aside for another reason
// (it asked nothing) is not listed there.
func TestCustomerPageListsMailToFollowUpByHand(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	ask := msg("ute-ask@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", "ute@buyer.de", "Ute Kraus", now0.Add(-3*time.Hour))
	w.save("lily", "Sent", ask)
	note := msg("ute-note@seller.example", keepwarm.KindOutbound, "Office closed at Christmas", "ute@buyer.de", "Ute Kraus", now0.Add(-2*time.Hour))
	w.save("lily", "Sent", note)
	const detail = "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"
	if err := w.db.RecordSkip(w.ctx,
		keepwarm.FollowUpSkip{MessageID: w.idOf(ask.Key), ThreadID: 41, CustomerID: w.meier, Reason: keepwarm.SkipOtherContacts, Detail: detail, CreatedAt: now0.Add(-time.Hour)},
		keepwarm.FollowUpSkip{MessageID: w.idOf(note.Key), ThreadID: 42, CustomerID: w.meier, Reason: keepwarm.SkipInformational, Detail: "a notice", CreatedAt: now0.Add(-time.Hour)},
	); err != nil {
		t.Fatal(err)
	}
	_, body := lilyC.get(path("/customers/%d", w.meier))
	section := cut(t, body, `id="enrollments"`, "</section>")
	mustContain(t, "Meier's follow-ups", section, "To follow up by hand", "Re: Quotation LED panels", detail)
	mustLack(t, "Meier's follow-ups", section, "Office closed at Christmas")
	zh := lilyC.getZh(t, path("/customers/%d", w.meier))
	mustContain(t, "Meier's page in Chinese", zh, "需手动跟进", "这个会话正在跟进发给 hans@buyer.de 的邮件：发给 ute@buyer.de 的这封邮件请手动跟进")
	mustLack(t, "Meier's page in Chinese", zh, "up by hand")
}
