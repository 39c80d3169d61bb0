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
	am, err := w.db.GetMessage(w.ctx, w.idOf(ask.Key))
	if err != nil {
		t.Fatal(err)
	}
	// Hans's follow-up runs in the thread.
	at := now0.Add(-4 * time.Hour)
	if _, err := w.db.Enroll(w.ctx, keepwarm.Enrollment{ThreadID: am.ThreadID, CustomerID: w.meier, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, AnchorID: am.ID, AnchorAt: at, ClockAt: at, DueAt: now0.AddDate(0, 0, 2), Mailbox: "lily",
		Owner: lily, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	const detail = "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"
	if err := w.db.RecordSkip(w.ctx,
		keepwarm.FollowUpSkip{MessageID: am.ID, ThreadID: am.ThreadID, CustomerID: w.meier, Reason: keepwarm.SkipOtherContacts, Detail: detail, CreatedAt: now0.Add(-time.Hour)},
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

	// Ute answers: there is nothing left to follow up by hand.
	w.save("lily", "INBOX", msg("ute-re@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", "ute@buyer.de", "Ute Kraus", now0.Add(-30*time.Minute)))
	_, body = lilyC.get(path("/customers/%d", w.meier))
	mustLack(t, "Meier's follow-ups after Ute's answer", cut(t, body, `id="enrollments"`, "</section>"), "To follow up by hand", detail)
}

// A mail to follow up by hand leaves the customer's page when the team
// writes to its contact again in the thread, or while the thread's
// follow-up no longer runs.
func TestCustomerPageDropsMailByHandFollowedUpOrEnded(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	ask := msg("ute-ask@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", "ute@buyer.de", "Ute Kraus", now0.Add(-3*time.Hour))
	w.save("lily", "Sent", ask)
	am, err := w.db.GetMessage(w.ctx, w.idOf(ask.Key))
	if err != nil {
		t.Fatal(err)
	}
	at := now0.Add(-4 * time.Hour)
	e, err := w.db.Enroll(w.ctx, keepwarm.Enrollment{ThreadID: am.ThreadID, CustomerID: w.meier, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, AnchorID: am.ID, AnchorAt: at, ClockAt: at, DueAt: now0.AddDate(0, 0, 2), Mailbox: "lily",
		Owner: lily, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, CreatedAt: at, UpdatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	const detail = "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"
	if err := w.db.RecordSkip(w.ctx, keepwarm.FollowUpSkip{MessageID: am.ID, ThreadID: am.ThreadID, CustomerID: w.meier,
		Reason: keepwarm.SkipOtherContacts, Detail: detail, CreatedAt: now0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	section := func() string {
		_, body := lilyC.get(path("/customers/%d", w.meier))
		return cut(t, body, `id="enrollments"`, "</section>")
	}
	mustContain(t, "Meier's follow-ups", section(), "To follow up by hand", detail)
	e.Status, e.Reason, e.UpdatedAt = keepwarm.EnrollStopped, "stopped by lily", now0.Add(-10*time.Minute)
	if e, err = w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}
	mustLack(t, "Meier's follow-ups after Hans's ended", section(), "To follow up by hand", detail)
	e.Status, e.Reason = keepwarm.EnrollActive, ""
	if e, err = w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "Meier's follow-ups running again", section(), "To follow up by hand", detail)
	w.save("lily", "Sent", msg("ute-2@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", "ute@buyer.de", "Ute Kraus", now0.Add(-20*time.Minute)))
	mustLack(t, "Meier's follow-ups after Lily wrote to Ute again", section(), "To follow up by hand", detail)
}
