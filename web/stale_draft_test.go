package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A follow-up step filed in Lily's Drafts that keepwarm cannot take out
// once Hans answered (her server has no UIDPLUS) is not only a log line:
// "Sends that need you" says the draft is no longer right to send and to
// delete it (in Chinese too), until she says she dealt with it.
func TestAStaleDraftKeepwarmCouldNotRemoveIsOnTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	imapSrv := mailtest.NewMemServerRev1(t)
	imapSrv.AddUser(t, lily, "pw")
	snd, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: w.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, DailyCap: -1}},
		mailtest.SenderDialer(imapSrv.Addr(), lily, "pw"), w.clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(w.db, snd, w.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
	step := 1
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:draft-step", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Did you see my quotation?", Text: "Dear Hans,\n\nJust checking whether you saw my quotation.\n", Mode: keepwarm.ModeDraft,
		CustomerID: w.meier, Origin: "sequence", Sequence: "key-customer", Step: &step, Enrollment: &w.enrollment,
		DueAt: now0.Add(-time.Hour), NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := disp.RunOnce(w.ctx, now0); err != nil || res.Drafted != 1 {
		t.Fatalf("filing the draft: %+v %v", res, err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'replied' WHERE id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	if _, err := disp.RunOnce(w.ctx, now0); err != nil {
		t.Fatal(err)
	}
	if got, err := w.db.DraftOutcome(w.ctx, it.ID); err != nil || !strings.HasPrefix(got, "kept") {
		t.Fatalf("draft outcome %q %v, want kept (no UIDPLUS)", got, err)
	}
	if n := len(mailtest.Raw(t, imapSrv, lily, "Drafts")); n != 1 {
		t.Fatalf("Drafts holds %d", n)
	}
	settle := path("/outbox/%d/settle", it.ID)
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the stale draft", trouble, "Did you see my quotation?", "nobody should send it any more", "delete it there", `action="`+settle+`"`)
	zhTrouble := cut(t, lilyC.getZh(t, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the stale draft in Chinese", zhTrouble, "已经不该再发出", "请在草稿箱里删除它", ">已存草稿<")
	mustLack(t, "the stale draft in Chinese", zhTrouble, ">drafted<")
	if code, body := lilyC.do("/", settle, nil); code != http.StatusSeeOther {
		t.Fatalf("dealt with: %d\n%s", code, body)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after dealing with it", trouble, "No failed or uncertain sends.")
}

// A "received, working on it" draft the reply watch queued (its filing
// retried while the mailbox is down) is listed among the week's sends as
// what it is, in both languages, never by its internal name "ack".
func TestAQueuedReceivedDraftIsNamedOnTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	if _, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:ack", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Re: Price for 500 pcs?", Text: "Dear Hans,\n\nReceived, I am working on it.\n", Mode: keepwarm.ModeDraft,
		CustomerID: w.meier, Origin: "ack", DueAt: now0.Add(time.Hour), NextAttemptAt: now0.Add(time.Hour), CreatedAt: now0}); err != nil {
		t.Fatal(err)
	}
	en := cut(t, mustGet(t, lilyC, "/"), `id="upcoming"`, "</section>")
	mustContain(t, "the received draft", en, "reply nudge: draft in Drafts · Re: Price for 500 pcs?")
	mustLack(t, "the received draft", en, "ack ·")
	zh := cut(t, lilyC.getZh(t, "/"), `id="upcoming"`, "</section>")
	mustContain(t, "the received draft in Chinese", zh, "回复提醒：草稿箱中的草稿 · Re: Price for 500 pcs?")
	mustLack(t, "the received draft in Chinese", zh, "ack ·")
}
