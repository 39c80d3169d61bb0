package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// saveUploaded stores m as a copy put in mailbox/folder at uploaded, long
// after its Date (old mail dragged from a local archive into IMAP).
func (w *fuWorld) saveUploaded(mailbox, folder string, m keepwarm.Message, uploaded time.Time) {
	w.t.Helper()
	w.uid++
	role := keepwarm.RoleInbox
	if folder == "Sent" {
		role = keepwarm.RoleSent
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: w.uid, InternalDate: uploaded}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: w.uid, SyncedAt: uploaded}
	if _, err := w.db.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		w.t.Fatal(err)
	}
}

// A quotation from 400 days ago, uploaded into Sent today, and the
// customer's answer of the time: the quotation is never followed up.
func TestUploadedOldQuotationIsNotFollowedUp(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute)) // the world's own quotation is enrolled
	uploaded := day0.Add(time.Hour)
	sent := day0.AddDate(0, 0, -400)
	w.saveUploaded("lily", "Sent", w.msg("old-q@seller.example", keepwarm.KindOutbound, "Quotation pumps 2025", sent), uploaded)
	w.saveUploaded("lily", "INBOX", w.msg("old-a@buyer.de", keepwarm.KindInbound, "Re: Quotation pumps 2025", sent.AddDate(0, 0, 1),
		"old-q@seller.example"), uploaded)
	w.run(uploaded.Add(time.Minute))
	list, err := w.db.ListEnrollments(context.Background(), w.cid)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		m, err := w.db.GetMessage(context.Background(), e.AnchorID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Key == "old-q@seller.example" {
			t.Fatalf("the uploaded quotation of %s is followed up: %+v", sent.Format("2006-01-02"), e)
		}
	}
	if len(list) != 1 {
		t.Fatalf("enrollments %+v; want the world's own quotation's only", list)
	}
}

// A buyer's answer from a computer whose clock is days behind, dated
// before the quotation it answers and delivered days after it with no
// fresh Received stamp to tell, is an answer after the quotation: the
// follow-up ends as answered and its next step never goes out. Taken for
// an upload at its Date, it sat before the quotation and stopped nothing.
func TestAnswerDatedBeforeTheQuotationStopsTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	if n := len(w.outbox()); n != 1 {
		t.Fatalf("%d items on day 3; the test needs the first step sent", n)
	}
	arrived := day0.AddDate(0, 0, 6)
	w.saveUploaded("lily", "INBOX", w.msg("late-a@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.AddDate(0, 0, -1),
		"q-1@seller.example"), arrived)
	w.run(arrived.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 7))
	w.run(day0.AddDate(0, 0, 8))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || len(w.outbox()) != 1 {
		t.Fatalf("after the answer: %s (%s), %d items; want replied, the first step only", e.Status, e.Reason, len(w.outbox()))
	}
}
