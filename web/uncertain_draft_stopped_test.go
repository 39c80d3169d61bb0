package web_test

import (
	"testing"
	"time"

	"keepwarm"
)

// A letter's draft keepwarm may have filed (its APPEND lost its answer)
// and could not take out again (no UIDPLUS, edited, or never looked for)
// is to a recipient who has since opted out: the desk must not tell Lily
// to write it again by hand. It says nobody should send it any more and
// to delete it if she finds it, in Chinese too, and offers only "I dealt
// with it", not "It is in Drafts / I sent it".
func TestAnUncertainDraftToAnOptedOutRecipientIsNotWrittenAgain(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "letter:1:2026-12", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "News for December", Text: "Dear Hans,\n\nOur news.\n", Mode: keepwarm.ModeDraft,
		CustomerID: w.meier, Origin: "letter", DueAt: now0.Add(-time.Hour), NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE outbox SET status = 'uncertain', last_error = 'APPEND: connection lost' WHERE id = ?`, it.ID); err != nil {
		t.Fatal(err)
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain draft before the opt-out", trouble, "News for December", "write it again by hand", `/arrived"`, `/settle"`)
	if err := w.db.OptOut(w.ctx, keepwarm.OptOut{Email: "hans@buyer.de", Reason: "please remove me"}, now0); err != nil {
		t.Fatal(err)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain draft after the opt-out", trouble, "News for December", "nobody should send it any more", "delete it there")
	mustLack(t, "the uncertain draft after the opt-out", trouble, "write it again", "mark it so")
	// Only "I dealt with it": "It is in Drafts / I sent it" is worded for
	// a draft she is still to send, and would record it so.
	mustContain(t, "the uncertain draft's buttons after the opt-out", trouble, `/settle"`, "I dealt with it")
	mustLack(t, "the uncertain draft's buttons after the opt-out", trouble, `/arrived"`, "It is in Drafts / I sent it")
	zh := cut(t, lilyC.getZh(t, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain draft in Chinese", zh, "已经不该再发出")
	mustLack(t, "the uncertain draft in Chinese", zh, "手动重写")
}
