package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// Stop cannot be taken back (Resume refuses a stopped follow-up), and on a
// phone it sits beside Pause and "Skip this step": the desk's Stop asks
// first, naming the follow-up and what stopping does, and changes nothing
// until the question is answered. "Keep it going" leads back; "Stop it"
// stops. Someone else's follow-up is not even asked about. In Chinese too.
func TestStopAsksBeforeItStops(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)

	code, body := c.do("/", stop, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, body)
	}
	mustContain(t, "the question", body, "Stop this follow-up?", "Meier GmbH · key-customer · next: step 1",
		html.EscapeString("Nothing more goes out in it, and it cannot be resumed"), "pause it instead",
		`<a class="button" href="/" id="confirm-no">Keep it going</a>`,
		path(`<form method="post" action="/enrollments/%d/stop"`, w.enrollment), `name="confirm" value="1"`, `id="confirm-yes">Stop it</button>`)
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the question the follow-up is %s (%v)", e.Status, err)
	}
	if n := w.count(`SELECT count(*) FROM web_audit`); n != 0 {
		t.Fatalf("%d audit rows after a question", n)
	}

	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", stop, nil)
	mustContain(t, "the Chinese question", zh, "停止这个跟进？", "Meier GmbH · key-customer · 下一步：第 1 步", "继续跟进", ">停止</button>")
	mustLack(t, "the Chinese question", zh, "Stop this follow-up?", "Keep it going")
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "en"}})

	// Tom may not stop Lily's follow-up: no question, a 404.
	if code, _ := w.signIn(srv, tom).do("/", stop, nil); code != http.StatusNotFound {
		t.Errorf("Tom's Stop: %d, want 404", code)
	}

	code, loc := c.do("/", stop, url.Values{"back": {"/"}, "confirm": {"1"}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Stop it: %d %s", code, loc)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollStopped {
		t.Fatalf("after Stop it the follow-up is %s (%v)", e.Status, err)
	}
}

// Step 1 of Meier's follow-up is queued, waiting for its time, and the
// follow-up already points at step 2: Stop's question names step 1, says
// it is queued and does not go once stopped, in the customer's time, in
// English and in Chinese; never "next: step 2" as if step 1 still went.
func TestStopNamesTheQueuedStepItDrops(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	var at int64
	if err := w.raw.QueryRow(`SELECT next_attempt_at FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w.enrollment).Scan(&at); err != nil {
		t.Fatalf("the queued step 1: %v", err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)
	code, body := c.do("/", stop, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, body)
	}
	when := time.Unix(at, 0).In(berlin).Format("Mon 01-02 15:04")
	mustContain(t, "the question", body, "Meier GmbH · key-customer · step 1 (queued for "+when+" Europe/Berlin; stopped, it does not go)")
	mustLack(t, "the question", body, "next: step 2")
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", stop, nil)
	mustContain(t, "the Chinese question", zh, "Meier GmbH · key-customer · 第 1 步（已排队", "Europe/Berlin 发出；停止后不会发出）")
	mustLack(t, "the Chinese question", zh, "第 2 步", "queued")
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the question the follow-up is %s (%v)", e.Status, err)
	}
}

// A queued step overdue (a retry due while the daemon was stopped) goes
// at the next send: Stop's question gives its time as now, never a time
// past, which reads as if the step should have gone already.
func TestStopNamesAnOverdueQueuedStepAsGoingNow(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	past := now0.Add(-2 * time.Hour)
	if _, err := w.raw.Exec(`UPDATE outbox SET next_attempt_at = ? WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, past.Unix(), w.enrollment); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	code, body := c.do("/", path("/enrollments/%d/stop", w.enrollment), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, body)
	}
	mustContain(t, "the question", body, "step 1 (queued for "+now0.In(berlin).Format("Mon 01-02 15:04")+" Europe/Berlin; stopped, it does not go)")
	mustLack(t, "the question", body, past.In(berlin).Format("Mon 01-02 15:04"))
}
