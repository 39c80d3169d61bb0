package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/web"
)

// Lily's greeting to Hans loses its link after DATA, from a mailbox whose
// server does not file sent mail itself: it is uncertain. She asks Hans,
// who got it. "It arrived" makes it sent, so its copy is filed in her Sent
// (where Hans's "same to you" will otherwise answer a mail she cannot
// find), and the desk no longer lists it; "I dealt with it" alone left it
// uncertain, and its copy never filed. Tom, who does not own Meier, cannot.
func TestAnUncertainGreetingMarkedArrivedIsFiledInSent(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC, tomC := w.signIn(srv, lily), w.signIn(srv, tom)
	snd, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: w.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, DailyCap: -1}}, nil, w.clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(w.db, snd, w.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:greet", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Happy New Year",
		Text: "Hello", Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0.Add(-time.Hour),
		NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	w.smtp.DropNextData(1)
	w.clock.Set(now0)
	if _, err := disp.RunOnce(w.ctx, now0); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.db.OutboxItem(w.ctx, it.ID); got.Status != keepwarm.OutboxUncertain {
		t.Fatalf("after the dropped link: %s (%s)", got.Status, got.LastError)
	}
	arrived := path("/outbox/%d/arrived", it.ID)
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain greeting", trouble, "Happy New Year", "Ask the recipient whether it arrived", `action="`+arrived+`"`, "It arrived", "I dealt with it")
	mustLack(t, "the uncertain greeting", trouble, "It is in Drafts")
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain greeting in Chinese", trouble, "请问收件人是否收到。", ">已送达<")
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	if code, _ := tomC.do("/", arrived, nil); code != http.StatusNotFound {
		t.Fatalf("Tom marking Lily's customer's send arrived: %d, want 404", code)
	}
	if code, body := lilyC.do("/", arrived, nil); code != http.StatusSeeOther {
		t.Fatalf("it arrived: %d\n%s", code, body)
	}
	got, _ := w.db.OutboxItem(w.ctx, it.ID)
	if got.Status != keepwarm.OutboxSent || !got.SentAt.Equal(now0) {
		t.Fatalf("after it arrived: %s sent at %s (%s)", got.Status, got.SentAt, got.LastError)
	}
	pending, err := w.db.PendingAppend(w.ctx)
	if err != nil || len(pending) != 1 || pending[0].ID != it.ID {
		t.Fatalf("copies to file in Sent: %+v %v; want the greeting's", pending, err)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after it arrived", trouble, "No failed or uncertain sends.")
	mustContain(t, "Meier's changes", mustGet(t, lilyC, path("/customers/%d", w.meier)), "marked an uncertain send as arrived")
	if code, _ := lilyC.do("/", arrived, nil); code != http.StatusConflict {
		t.Fatalf("arrived twice: %d, want 409", code)
	}
	if w.smtp.DataCount() != 1 {
		t.Fatalf("%d sends; the greeting went once", w.smtp.DataCount())
	}
}

// Lily's "received, working on it" draft is interrupted while keepwarm
// files it, and a mail of the thread is in her Drafts since: the desk asks
// her to look in her Drafts, not to ask Hans about a mail never sent, and
// "It is in Drafts / I sent it" records it drafted, with no copy to file in
// Sent.
func TestAnUncertainDraftOnTheDeskAsksAboutDrafts(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:ack", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Samples please",
		Text: "Received, working on it.", Mode: keepwarm.ModeDraft, CustomerID: w.meier, Origin: "ack", DueAt: now0.Add(-time.Hour),
		NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if claimed, err := w.db.ClaimDue(w.ctx, now0, 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := w.db.MarkUncertain(w.ctx, it.ID, mailsync.InterruptedDraftMaybeFiled); err != nil {
		t.Fatal(err)
	}
	arrived := path("/outbox/%d/arrived", it.ID)
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain draft", trouble, "Re: Samples please", "look in your Drafts", `action="`+arrived+`"`, "It is in Drafts / I sent it")
	mustLack(t, "the uncertain draft", trouble, "Ask the recipient", "It arrived")
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the uncertain draft in Chinese", trouble, "keepwarm 可能已经把这封草稿存入草稿箱", "已在草稿箱 / 我已发出")
	if code, body := lilyC.do("/", arrived, nil); code != http.StatusSeeOther {
		t.Fatalf("it is in Drafts: %d\n%s", code, body)
	}
	// Drafted and counted as filed at its attempt: nothing is filed for it
	// again, and it is taken out of Drafts once its thread is answered.
	if got, _ := w.db.OutboxItem(w.ctx, it.ID); got.Status != keepwarm.OutboxDrafted || got.AttemptedAt.IsZero() || !got.AppendedAt.Equal(got.AttemptedAt) {
		t.Fatalf("after it was found in Drafts: %s, attempted %s, filed %s", got.Status, got.AttemptedAt, got.AppendedAt)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after it was found", trouble, "没有失败或不确定的发送。")
	// The customer's changes say what was recorded in Chinese: a draft
	// in Drafts, not a mail that arrived.
	audit := cut(t, mustGet(t, lilyC, path("/customers/%d", w.meier)), `id="audit"`, "</section>")
	mustContain(t, "the draft's audit line in Chinese", audit, "把一封不确定的草稿标记为已在草稿箱", "不确定 → 已在草稿箱")
	mustLack(t, "the draft's audit line in Chinese", audit, "in Drafts", "uncertain", "已送达")
}

// Where Lily's server files sent mail in Sent itself, an uncertain send
// was looked for there and not found: the desk says it most likely did not
// go out and that keepwarm files no copy, not that "It arrived" files one.
// One keepwarm could not look for (the mailbox's IMAP login stopped) may
// well have arrived: the desk says so, and to look in Sent first. In
// Chinese too.
func TestAnUncertainSendWhereTheServerFilesSentPromisesNoCopy(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		looked       bool
	}{
		{"not in Sent two minutes later", "smtp: connection lost after DATA" + mailsync.NotInSentLater, true},
		{"interrupted and not in Sent", mailsync.InterruptedNotInSent, true},
		{"IMAP login stopped before the look", "smtp: connection lost after DATA; could not look in Sent: IMAP login stopped", false},
		{"IMAP login stopped before the send", "smtp: connection lost after DATA", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			w.be = app.NewWebBackend(app.WebDeps{DB: w.db, FollowUp: w.fu, Rules: book.DefaultRules(), TeamLocation: shanghai,
				People:          []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: mei, Name: "Mei Lin", Manager: true}},
				ServerFilesSent: func(mailbox string) bool { return mailbox == "lily" }})
			w.rebase("http://keepwarm.test")
			srv := w.serve()
			lilyC := w.signIn(srv, lily)
			it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:newyear", MessageID: keepwarm.NewMessageID("seller.example"),
				Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Happy New Year",
				Text: "Happy New Year!", Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0.Add(-time.Hour),
				NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if claimed, err := w.db.ClaimDue(w.ctx, now0, 10); err != nil || len(claimed) != 1 {
				t.Fatalf("claim: %v %v", claimed, err)
			}
			if err := w.db.MarkUncertain(w.ctx, it.ID, tc.reason); err != nil {
				t.Fatal(err)
			}
			trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
			mustContain(t, "the uncertain greeting", trouble, "keepwarm files no copy", "It arrived")
			mustLack(t, "the uncertain greeting", trouble, "its copy is filed in Sent")
			if tc.looked {
				mustContain(t, "the uncertain greeting", trouble, "it most likely did not go out")
			} else {
				mustContain(t, "the uncertain greeting", trouble, "keepwarm could not look there", "it may or may not have gone out")
				mustLack(t, "the uncertain greeting", trouble, "most likely did not go out", "this one is not there")
			}
			if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
				t.Fatal("switch to Chinese")
			}
			trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
			mustContain(t, "the uncertain greeting in Chinese", trouble, "keepwarm 不再存副本")
			if tc.looked {
				mustContain(t, "the uncertain greeting in Chinese", trouble, "它很可能没有发出")
			} else {
				mustContain(t, "the uncertain greeting in Chinese", trouble, "keepwarm 无法在那里查找这封")
				mustLack(t, "the uncertain greeting in Chinese", trouble, "它很可能没有发出", "could not look there")
			}
		})
	}
}
