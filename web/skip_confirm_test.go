package web_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// Skip cannot be undone (a skipped greeting is not queued again, a skipped
// step does not come again), and on a phone it sits beside Pause and Stop:
// the desk's Skip asks first, naming what it skips, and changes nothing
// until the question is answered; "Skip it" skips. In Chinese too.
func TestSkipAsksBeforeItSkips(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "greet:test:skip", MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Happy birthday, Hans",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "greeting", DueAt: now0.Add(time.Hour), NextAttemptAt: now0.Add(time.Hour), CreatedAt: now0})
	if err != nil {
		t.Fatal(err)
	}
	skipOut, skipStep := path("/outbox/%d/skip", item.ID), path("/enrollments/%d/skip", w.enrollment)

	// A queued greeting.
	code, body := c.do("/", skipOut, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip of a queued mail without the answer: %d %s", code, body)
	}
	mustContain(t, "the question", body, "Skip this mail?", "Meier GmbH · greeting · Happy birthday, Hans",
		html.EscapeString("a greeting or a letter skipped today does not come back"),
		`<a class="button" href="/" id="confirm-no">Keep it</a>`,
		`<form method="post" action="`+skipOut+`"`, `name="confirm" value="1"`, `id="confirm-yes">Skip it</button>`)
	if got, err := w.db.OutboxItem(w.ctx, item.ID); err != nil || got.Status != keepwarm.OutboxQueued {
		t.Fatalf("after the question the mail is %s (%v)", got.Status, err)
	}

	// The follow-up's next step.
	code, body = c.do("/", skipStep, url.Values{"step": {"1"}, "back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip this step without the answer: %d %s", code, body)
	}
	mustContain(t, "the question", body, "Skip this step?", "Meier GmbH · key-customer · step 1",
		"goes on with step 2 as planned", `<form method="post" action="`+skipStep+`"`, `name="confirm" value="1"`,
		`name="step" value="1"`, `id="confirm-yes">Skip it</button>`)
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive || e.Step != 0 {
		t.Fatalf("after the question the follow-up is %s at step %d (%v)", e.Status, e.Step+1, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit`); n != 0 {
		t.Fatalf("%d audit rows after the questions", n)
	}

	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", skipStep, url.Values{"step": {"1"}})
	mustContain(t, "the Chinese question", zh, "跳过这一步？", "Meier GmbH · key-customer · 第 1 步", "保留", ">跳过</button>")
	mustLack(t, "the Chinese question", zh, "Skip this step?", "Keep it", "is not sent")
	_, zh = c.do("/", skipOut, nil)
	mustContain(t, "the Chinese question", zh, "跳过这封邮件？", "今天跳过的问候")
	mustLack(t, "the Chinese question", zh, "Skip this mail?", "is not sent")
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "en"}})

	// "Skip it": both go.
	if code, loc := c.do("/", skipOut, url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Skip it (mail): %d %s", code, loc)
	}
	if got, err := w.db.OutboxItem(w.ctx, item.ID); err != nil || got.Status != keepwarm.OutboxSkipped {
		t.Fatalf("after Skip it the mail is %s (%v)", got.Status, err)
	}
	if code, loc := c.do("/", skipStep, url.Values{"step": {"1"}, "back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Skip it (step): %d %s", code, loc)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Step != 1 {
		t.Fatalf("after Skip it the follow-up is at step %d (%v)", e.Step+1, err)
	}
}

// The question says what the skip really does: the built-in key-customer
// follow-up ends with a call, so skipping step 3 asks for no call (its
// task is recorded closed at once, so "no call task" would be untrue) and
// ends the follow-up (there is no step 4, and nothing "is sent"); a queued
// mail that was its sequence's last step ends the follow-up too.
func TestSkipQuestionNamesALastStepAndACall(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	if _, err := w.raw.Exec(`UPDATE enrollments SET step = 2 WHERE id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	skipStep := path("/enrollments/%d/skip", w.enrollment)
	code, body := c.do("/", skipStep, url.Values{"step": {"3"}, "back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip of the call without the answer: %d %s", code, body)
	}
	mustContain(t, "the question before skipping the call", body, "Skip this step?", "Meier GmbH · key-customer · step 3",
		"No call is asked for step 3, and the follow-up ends with it", "nothing more goes out")
	mustLack(t, "the question before skipping the call", body, "goes on with step 4", "is not sent", "call task")
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", skipStep, url.Values{"step": {"3"}})
	mustContain(t, "the Chinese question before skipping the call", zh, "第 3 步不会再要求打电话，跟进也随之结束")
	mustLack(t, "the Chinese question before skipping the call", zh, "No call", "电话任务")
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "en"}})
	// Skip it: no call task, the follow-up is complete.
	if code, loc := c.do("/", skipStep, url.Values{"step": {"3"}, "back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Skip it (call): %d %s", code, loc)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollCompleted {
		t.Fatalf("after skipping the call the follow-up is %s (%v)", e.Status, err)
	}

	// A team whose follow-up is one resend: the tick queues it as the
	// last step, and Skip on the queued mail says the follow-up ends.
	w2 := newWorld(t, "http://keepwarm.test")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(`name = "key-customer"
grades = ["A", "B"]
mode = "send"

[window]
start = "09:00"
end = "17:00"

[[step]]
after = "3d"
days = "calendar"
action = "email"
template = "resend"
in_thread = true
`), 0o644); err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w2.fu.Reload(w2.ctx, defs, set, now0); err != nil {
		t.Fatal(err)
	}
	if _, err := w2.fu.Run(w2.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	var item int64
	if err := w2.raw.QueryRow(`SELECT id FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w2.enrollment).Scan(&item); err != nil {
		t.Fatalf("the queued resend: %v", err)
	}
	srv2 := w2.serve()
	code, body = w2.signIn(srv2, lily).do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip of the queued last step without the answer: %d %s", code, body)
	}
	mustContain(t, "the question before skipping the last queued step", body, "Skip this mail?", "key-customer · step 1",
		"the follow-up ends with it: it was its last step, nothing more goes out")
	mustLack(t, "the question before skipping the last queued step", body, "goes on with step 2")
}
