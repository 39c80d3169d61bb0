package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
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
