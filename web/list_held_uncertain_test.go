package web_test

import (
	"context"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// Step 1 of Meier's follow-up may have gone out (the link dropped after
// DATA), and a reply came through the buyer's list since: either answer
// leaves the follow-up paused until Lily resumes it. The desk's line, the
// buttons and the question before sending again say so (in Chinese too),
// and "Send it again when I resume" sends nothing. They read "It arrived:
// go on to the next step", "It did not arrive: send it again" and "Sent
// again, it cannot be taken back", and nothing went.
func TestAListHeldUncertainStepSaysItStaysPaused(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	lilyC := w.signIn(w.serve(), lily)
	disp, attempt := dropStepOne(t, w)
	sent := func() int { return len(w.smtp.Messages()) }
	listHold(t, w)

	desk, meierPage := "/", path("/customers/%d", w.meier)
	for _, page := range []string{desk, meierPage} {
		_, body := lilyC.get(page)
		body = html.UnescapeString(body)
		mustContain(t, page, body, ">It arrived: then paused until you resume</button>", ">It did not arrive: send it again when you resume</button>")
		mustLack(t, page, body, ">It arrived: go on to the next step</button>", ">It did not arrive: send it again</button>")
	}
	_, body := lilyC.get(desk)
	mustContain(t, "desk", html.UnescapeString(body), "A reply came through the customer's list since its last step", "Either way the follow-up stays paused, and nothing goes until you resume it.")
	mustLack(t, "desk", body, "It arrived: go on to the next step. It did not: send it again.", "if it did, go on to the next step", "then resume the follow-up or stop it")

	resend := path("/enrollments/%d/resend", w.enrollment)
	code, body := lilyC.do(desk, resend, url.Values{"back": {desk}})
	if code != http.StatusOK {
		t.Fatalf("the question before sending again: %d %s", code, body)
	}
	body = html.UnescapeString(body)
	mustContain(t, "the question", body, "Send this step again when you resume?", "nothing is sent until you resume it", "Send it again when I resume")
	mustLack(t, "the question", body, "Sent again, it cannot be taken back")

	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	_, body = lilyC.get(desk)
	mustContain(t, "the Chinese desk", body, "无论哪种，跟进都会保持暂停", "未送达：你恢复时重新发送")
	_, body = lilyC.do(desk, resend, url.Values{"back": {desk}})
	mustContain(t, "the Chinese question", body, "在你恢复时重新发送这一步？", "我恢复时重新发送")
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	// Answered: paused with the list's reason, nothing sent.
	if code, loc := lilyC.do(desk, resend, url.Values{"back": {desk}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("send it again: %d %s", code, loc)
	}
	if _, err := disp.RunOnce(w.ctx, attempt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollPaused || sent() != 1 {
		t.Fatalf("after \"Send it again when I resume\": %s (%s) %v, %d sent; want paused, nothing sent", e.Status, e.Reason, err, sent())
	}
}

// The same on a one-step sequence, so on the follow-up's last step: "It
// arrived" ends the follow-up (nothing is left to pause or resume), and
// the line, the button and the reason beside them say so, in Chinese too.
// They read "It arrived: then paused until you resume", "Either way the
// follow-up stays paused" and, in the reason, "then resume the follow-up"
// and "if it did, go on to the next step", and the follow-up completed.
func TestAListHeldUncertainLastStepSaysArrivedEndsIt(t *testing.T) {
	w := oneStepWorld(t)
	lilyC := w.signIn(w.serve(), lily)
	dropStepOne(t, w)
	listHold(t, w)

	desk, meierPage := "/", path("/customers/%d", w.meier)
	for _, page := range []string{desk, meierPage} {
		_, body := lilyC.get(page)
		body = html.UnescapeString(body)
		mustContain(t, page, body, ">It arrived: the follow-up ends</button>", ">It did not arrive: send it again when you resume</button>",
			"a reply came through the customer's list purchasing@buyer.de from anna@buyer.de")
		mustLack(t, page, body, ">It arrived: then paused until you resume</button>", "then resume the follow-up or stop it", "go on to the next step")
	}
	_, body := lilyC.get(desk)
	body = html.UnescapeString(body)
	mustContain(t, "desk", body, "It arrived: the follow-up ends, as that was its last step. It did not: it is sent again when you resume, and nothing goes until then.")
	mustLack(t, "desk", body, "Either way the follow-up stays paused")

	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	for _, page := range []string{desk, meierPage} {
		_, body = lilyC.get(page)
		mustContain(t, "the Chinese "+page, body, "已送达：跟进到此结束", "客户的邮件列表 purchasing@buyer.de 转来了 anna@buyer.de 的回复")
		mustLack(t, "the Chinese "+page, body, "之后暂停，直到你恢复", "然后恢复或停止跟进", "a reply came through")
	}
	_, body = lilyC.get(desk)
	mustContain(t, "the Chinese desk", body, "已送达：跟进到此结束，因为这是它的最后一步")
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	// Answered: the follow-up ends, as the button said.
	arrivedEndsIt(t, w, lilyC)
}

// The same last step with no reply through a list: "It arrived" ends the
// follow-up there too (there is no next step), and the buttons and the
// desk's line say so, in Chinese too. They read "It arrived: go on to the
// next step", and the follow-up completed.
func TestAnUncertainLastStepSaysArrivedEndsIt(t *testing.T) {
	w := oneStepWorld(t)
	lilyC := w.signIn(w.serve(), lily)
	dropStepOne(t, w)
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed || strings.HasPrefix(e.Reason, keepwarm.ListAnswerHold) {
		t.Fatalf("after the dropped link: %s (%s) %v", e.Status, e.Reason, err)
	}

	desk, meierPage := "/", path("/customers/%d", w.meier)
	for _, page := range []string{desk, meierPage} {
		_, body := lilyC.get(page)
		body = html.UnescapeString(body)
		mustContain(t, page, body, ">It arrived: the follow-up ends</button>", ">It did not arrive: send it again</button>")
		mustLack(t, page, body, ">It arrived: go on to the next step</button>", "when you resume</button>")
	}
	_, body := lilyC.get(desk)
	body = html.UnescapeString(body)
	mustContain(t, "desk", body, "It arrived: the follow-up ends, as that was its last step. It did not: send it again.")
	mustLack(t, "desk", body, "It arrived: go on to the next step.", "or it arrived: go on to the next step")

	if code, _ := lilyC.pressLang("/lang/zh?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to Chinese")
	}
	for _, page := range []string{desk, meierPage} {
		_, body = lilyC.get(page)
		mustContain(t, "the Chinese "+page, body, "已送达：跟进到此结束")
		mustLack(t, "the Chinese "+page, body, "已送达：继续下一步", "It arrived")
	}
	_, body = lilyC.get(desk)
	mustContain(t, "the Chinese desk", body, "跟进到此结束，因为这是它的最后一步；未送达：重新发送。")
	if code, _ := lilyC.pressLang("/lang/en?next=/"); code != http.StatusSeeOther {
		t.Fatal("switch to English")
	}

	arrivedEndsIt(t, w, lilyC)
}

// oneStepWorld is the test world with key-customer.toml cut to its first
// step, so that step is the follow-up's last.
func oneStepWorld(t *testing.T) *world {
	t.Helper()
	body0, err := fs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Index(string(body0), "[[step]]\nafter = \"4d\"")
	if second < 0 {
		t.Fatal("key-customer.toml has no second step")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body0[:second], 0o644); err != nil {
		t.Fatal(err)
	}
	return newWorldIn(t, "http://keepwarm.test", dir)
}

// dropStepOne sends step 1 of Meier's follow-up at 08:00 through the real
// dispatcher with the link dropped after DATA, so it may have gone out,
// and checks it did so: the follow-up failed, one message at the server.
// It gives the dispatcher and the time of that attempt.
func dropStepOne(t *testing.T, w *world) (*mailsync.Dispatcher, time.Time) {
	t.Helper()
	snd, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: w.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, ServerFilesSent: true, DailyCap: -1}}, nil, w.clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(w.db, snd, w.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{
		Settled: func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, refused []string) error {
			return w.fu.Settled(ctx, it, st, reason, refused, w.clock.Now())
		}})
	attempt := now0.Add(8 * time.Hour)
	w.clock.Set(attempt)
	w.smtp.DropNextData(1)
	if _, err := w.fu.Run(w.ctx, attempt); err != nil {
		t.Fatal(err)
	}
	if _, err := disp.RunOnce(w.ctx, attempt); err != nil {
		t.Fatal(err)
	}
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed || len(w.smtp.Messages()) != 1 {
		t.Fatalf("after the dropped link: %s (%s) %v, %d sent", e.Status, e.Reason, err, len(w.smtp.Messages()))
	}
	return disp, attempt
}

// listHold records a reply through the buyer's list since step 1, as the
// ingest does.
func listHold(t *testing.T, w *world) {
	t.Helper()
	why := keepwarm.ListAnswerHold + "purchasing@buyer.de from anna@buyer.de: check whether it answers you, then resume the follow-up or stop it"
	if _, err := w.raw.Exec(`UPDATE enrollments SET reason = ? || '; before: ' || reason WHERE id = ?`, why, w.enrollment); err != nil {
		t.Fatal(err)
	}
}

// arrivedEndsIt has Lily answer "It arrived" on the desk, and wants the
// follow-up completed.
func arrivedEndsIt(t *testing.T, w *world, lilyC *client) {
	t.Helper()
	desk := "/"
	if code, loc := lilyC.do(desk, path("/enrollments/%d/arrived", w.enrollment), url.Values{"back": {desk}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("it arrived: %d %s", code, loc)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollCompleted {
		t.Fatalf("after \"It arrived: the follow-up ends\": %s (%s) %v; want completed", e.Status, e.Reason, err)
	}
}
