package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// sendRig runs Meier's follow-up and the dispatcher through the world's
// SMTP server, as the daemon's tick does.
type sendRig struct {
	w    *world
	disp *mailsync.Dispatcher
}

func newSendRig(t *testing.T, w *world) *sendRig {
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
	return &sendRig{w: w, disp: disp}
}

func (r *sendRig) run(t *testing.T, at time.Time) {
	t.Helper()
	r.w.clock.Set(at)
	if _, err := r.w.fu.Run(r.w.ctx, at); err != nil {
		t.Fatal(err)
	}
	if _, err := r.disp.RunOnce(r.w.ctx, at); err != nil {
		t.Fatal(err)
	}
}

func (r *sendRig) toHans() int {
	n := 0
	for _, m := range r.w.smtp.Messages() {
		if len(m.To) == 1 && m.To[0] == "hans@buyer.de" {
			n++
		}
	}
	return n
}

// Step 1 of Meier's follow-up is refused for good: "Sends that need you"
// has one line for it, the follow-up's, with Resume, and nothing there
// tells Lily to send it by hand (Resume would then send it a second
// time). After Resume the step goes out again and the list is empty: the
// refused mail no longer needs her, on the desk or in the digest's list.
func TestAFailedFollowUpStepIsOneLineAndLeavesWhenDoneAgain(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	r := newSendRig(t, w)

	attempt := now0.Add(8 * time.Hour)
	w.smtp.FailNextData(1, 554)
	r.run(t, attempt)
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed {
		t.Fatalf("after the refusal: %s (%s) %v", e.Status, e.Reason, err)
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	if n := strings.Count(trouble, "<li"); n != 1 {
		t.Fatalf("Sends that need you has %d lines for one failed step:\n%s", n, trouble)
	}
	mustContain(t, "the failed step", trouble, path(`action="/enrollments/%d/resume"`, w.enrollment))
	mustLack(t, "the failed step", trouble, "by hand", "/settle")

	if code, body := lilyC.do("/", path("/enrollments/%d/resume", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("resume: %d\n%s", code, body)
	}
	r.run(t, attempt.Add(time.Hour))
	if n := r.toHans(); n != 1 {
		t.Fatalf("after Resume %d mails reached Hans, want 1", n)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after Resume", trouble, "No failed or uncertain sends.")
	items, err := w.db.ListOutbox(w.ctx, keepwarm.OutboxFilter{CustomerID: w.meier, Status: []keepwarm.OutboxStatus{keepwarm.OutboxFailed}})
	if err != nil || len(items) != 1 || items[0].SettledAt.IsZero() || !strings.Contains(items[0].Settled, "done again") {
		t.Fatalf("the refused item after Resume: %+v %v", items, err)
	}
}

// The link drops after DATA on step 1: Lily asks Hans, who did not get it,
// and presses "It did not arrive: send it again". Once it has gone out,
// neither the desk nor the digest's uncertain list names the first try.
func TestAnUncertainStepSentAgainLeavesTheLists(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	r := newSendRig(t, w)

	attempt := now0.Add(8 * time.Hour)
	w.smtp.DropNextData(1)
	r.run(t, attempt)
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	if n := strings.Count(trouble, "<li"); n != 1 {
		t.Fatalf("Sends that need you has %d lines for one uncertain step:\n%s", n, trouble)
	}
	mustLack(t, "the uncertain step", trouble, "by hand")
	if code, body := lilyC.do("/", path("/enrollments/%d/resend", w.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("send again: %d\n%s", code, body)
	}
	r.run(t, attempt.Add(time.Hour))
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after sending again", trouble, "No failed or uncertain sends.")
	left, err := w.db.ListOutbox(w.ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxUncertain}})
	if err != nil || len(left) != 1 || left[0].SettledAt.IsZero() {
		t.Fatalf("the first try after sending again: %+v %v", left, err)
	}
}

// A greeting refused for good has no follow-up to resume: its line says to
// resend it by hand and offers "I dealt with it", which takes it off the
// list and is recorded in the customer's changes. Tom, who does not own
// the customer, cannot.
func TestAFailedGreetingIsDealtWith(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC, tomC := w.signIn(srv, lily), w.signIn(srv, tom)
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "test:greet", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Season's greetings",
		Text: "Hello", Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0.Add(-time.Hour),
		NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if claimed, err := w.db.ClaimDue(w.ctx, now0, 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := w.db.MarkFailed(w.ctx, it.ID, "554 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	settle := path("/outbox/%d/settle", it.ID)
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the failed greeting", trouble, "Season&#39;s greetings", "resend by hand", `action="`+settle+`"`, "I dealt with it")

	if code, _ := tomC.do("/", settle, nil); code != http.StatusNotFound {
		t.Fatalf("Tom settling Lily's customer's send: %d, want 404", code)
	}
	if code, body := lilyC.do("/", settle, nil); code != http.StatusSeeOther {
		t.Fatalf("dealt with: %d\n%s", code, body)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after dealing with it", trouble, "No failed or uncertain sends.")
	mustContain(t, "Meier's changes", mustGet(t, lilyC, path("/customers/%d", w.meier)), "marked a send dealt with")
	if code, _ := lilyC.do("/", settle, nil); code != http.StatusConflict {
		t.Fatalf("dealt with twice: %d, want 409", code)
	}
}

func mustGet(t *testing.T, c *client, page string) string {
	t.Helper()
	code, body := c.get(page)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", page, code)
	}
	return body
}

// Lily stops the follow-up whose step was refused: nothing of it is left
// under "Sends that need you".
func TestStoppingAFailedFollowUpLeavesNothingToDo(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	r := newSendRig(t, w)
	w.smtp.FailNextData(1, 554)
	r.run(t, now0.Add(8*time.Hour))
	if code, body := lilyC.do("/", path("/enrollments/%d/stop", w.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("stop: %d\n%s", code, body)
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after Stop", trouble, "No failed or uncertain sends.")
}

// Step 1 goes to Hans and Anna; the server refuses Hans's address for
// good. The step is done again for Anna by itself: the refused mail needs
// nobody, and the desk does not list it with "resend by hand".
func TestAStepDoneAgainForTheOthersIsNotTrouble(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	r := newSendRig(t, w)
	if _, err := w.raw.Exec(`UPDATE enrollments SET to_addrs = '[{"name":"Hans Meier","email":"hans@buyer.de"},{"name":"Anna","email":"anna@buyer.de"}]' WHERE id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	w.smtp.RejectRcpt("hans@buyer.de", 550)
	r.run(t, now0.Add(8*time.Hour))
	r.run(t, now0.Add(9*time.Hour))
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("after the refusal: %s step %d (%s) %v", e.Status, e.Step+1, e.Reason, err)
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "after the step was done again for Anna", trouble, "No failed or uncertain sends.")
}
