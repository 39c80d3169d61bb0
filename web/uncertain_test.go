package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/web"
)

// The link drops after DATA on step 1 of Meier's follow-up: the send is
// uncertain and the follow-up fails. The desk and the customer page offer
// "It arrived: go on to the next step" and "It did not arrive: send it
// again" instead of Resume (in Chinese too); Resume from a page opened
// before is refused and sends nothing. Lily asked Hans, who got it: "It
// arrived" moves the follow-up to step 2, due as counted from step 1, and
// step 1 is never sent a second time.
func TestAnUncertainStepIsAnsweredNotResumed(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	snd, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: w.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, ServerFilesSent: true, DailyCap: -1}}, nil, w.clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(w.db, snd, w.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{
		Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, refused []string) error {
			return w.fu.Settled(ctx, it, st, reason, refused, w.clock.Now())
		}})
	// run ticks the follow-up job and the dispatcher at at.
	run := func(at time.Time) {
		t.Helper()
		w.clock.Set(at)
		if _, err := w.fu.Run(w.ctx, at); err != nil {
			t.Fatal(err)
		}
		if _, err := disp.RunOnce(w.ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	toHans := func() int {
		n := 0
		for _, m := range w.smtp.Messages() {
			if len(m.To) == 1 && m.To[0] == "hans@buyer.de" {
				n++
			}
		}
		return n
	}

	// Step 1 falls due on Monday, 11:00 in Berlin; the link drops after DATA.
	attempt := now0.Add(8 * time.Hour)
	w.smtp.DropNextData(1)
	run(attempt)
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed || toHans() != 1 {
		t.Fatalf("after the dropped link: %s (%s) %v, %d sent", e.Status, e.Reason, err, toHans())
	}

	desk, meierPage := "/", path("/customers/%d", w.meier)
	arrived, resend, resume := path(`action="/enrollments/%d/arrived"`, w.enrollment), path(`action="/enrollments/%d/resend"`, w.enrollment),
		path(`action="/enrollments/%d/resume"`, w.enrollment)
	for _, page := range []string{desk, meierPage} {
		_, body := lilyC.get(page)
		mustContain(t, page, body, arrived, resend, "It arrived: go on to the next step", "It did not arrive: send it again",
			"if it did, go on to the next step, if not, send it again (or stop)")
		mustLack(t, page, body, resume)
	}
	_, body := lilyC.get(desk)
	mustContain(t, "desk", body, "Its last step may have reached the customer: ask them. It arrived: go on to the next step. It did not: send it again.")

	// Resume, from a page opened before: refused, nothing sent.
	code, body := lilyC.do(desk, path("/enrollments/%d/resume", w.enrollment), nil)
	if code != http.StatusConflict || !strings.Contains(html.UnescapeString(body),
		path("step 1 of enrollment %d may have gone out: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again", w.enrollment)) {
		t.Fatalf("resume of an uncertain step: %d\n%s", code, body)
	}
	run(attempt.Add(time.Hour))
	if toHans() != 1 {
		t.Fatalf("the refused resume sent step 1 again: %d", toHans())
	}

	// In Chinese.
	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body = lilyC.get(meierPage)
	mustContain(t, "Meier's page in Chinese", body, "已送达：继续下一步", "未送达：重新发送", "收到了就继续下一步，没收到就重新发送（或停止）")
	mustLack(t, "Meier's page in Chinese", body, "if it did, go on")
	if code, body := lilyC.do(desk, path("/enrollments/%d/resume", w.enrollment), nil); code != http.StatusConflict ||
		!strings.Contains(html.UnescapeString(body), path("第 1 步（跟进序列 %d）可能已经发出", w.enrollment)) {
		t.Fatalf("the refusal in Chinese: %d\n%s", code, body)
	}
	// The send's own "It arrived", from a page opened before: refused, as
	// `keepwarm outbox arrived` refuses it, naming the follow-up's answer.
	step, err := w.db.ListOutbox(w.ctx, keepwarm.OutboxFilter{CustomerID: w.meier})
	if err != nil || len(step) != 1 {
		t.Fatalf("step 1's mail: %+v %v", step, err)
	}
	if code, body := lilyC.do(desk, path("/outbox/%d/arrived", step[0].ID), nil); code != http.StatusConflict ||
		!strings.Contains(html.UnescapeString(body), path("待发邮件 %d 是一个已停下的跟进的一步：请在该跟进处恢复、重新发送或停止（keepwarm resume %d --arrived 或 --resend）", step[0].ID, w.enrollment)) {
		t.Fatalf("the step's send marked arrived: %d\n%s", code, body)
	}
	if it, err := w.db.OutboxItem(w.ctx, step[0].ID); err != nil || it.Status != keepwarm.OutboxUncertain {
		t.Fatalf("after the refused arrived: %s %v", it.Status, err)
	}
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	// Hans got it.
	if code, body := lilyC.do(desk, path("/enrollments/%d/arrived", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("it arrived: %d\n%s", code, body)
	}
	e, _ = w.db.GetEnrollment(w.ctx, w.enrollment)
	if e.Status != keepwarm.EnrollActive || e.Step != 1 || !e.DueAt.After(attempt.Add(3*24*time.Hour)) {
		t.Fatalf("after it arrived: %s step %d due %s (%s)", e.Status, e.Step+1, e.DueAt, e.Reason)
	}
	_, body = lilyC.get(meierPage)
	mustContain(t, "Meier's page", body, "step 1 arrived, as "+lily+" learnt from the recipient: the follow-up goes on")
	zh := web.Lang{Code: "zh"}
	for en, want := range map[string]string{
		"step 1 arrived, as " + lily + " learnt from the recipient: the follow-up goes on":  "第 1 步已送达（" + lily + " 从收件人处得知）：跟进继续。",
		"step 3 arrived, as " + lily + " learnt from the recipient; every step done":        "第 3 步已送达（" + lily + " 从收件人处得知）；所有步骤已完成。",
		"enrollment 7 is active and has no step that may have gone out: nothing to confirm": "跟进序列 7 当前为「进行中」，没有可能已发出的步骤：无需确认。",
	} {
		if got := zh.Err(en); got != want {
			t.Errorf("%q in Chinese: %q, want %q", en, got, want)
		}
	}
	item, err := w.db.ListOutbox(w.ctx, keepwarm.OutboxFilter{CustomerID: w.meier})
	if err != nil || len(item) != 1 || item[0].Status != keepwarm.OutboxSent {
		t.Fatalf("step 1's mail after it arrived: %+v %v", item, err)
	}
	for _, at := range []time.Time{attempt.Add(2 * time.Hour), e.DueAt.Add(time.Minute)} {
		run(at)
	}
	// Step 2 came at its time (with no catalog, recorded as not sent);
	// step 1 went out once, under its first key only.
	items, err := w.db.ListOutbox(w.ctx, keepwarm.OutboxFilter{CustomerID: w.meier})
	if err != nil || len(items) != 2 || *items[1].Step != 1 || items[1].Key != path("seq:%d:1", w.enrollment) || toHans() != 1 {
		t.Fatalf("after step 2 was due: %d mails to Hans, outbox %+v %v", toHans(), items, err)
	}
	_, body = lilyC.get(meierPage)
	mustContain(t, "Meier's page", body, "went on with a follow-up: its step arrived")
}
