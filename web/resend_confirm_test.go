package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// stepOneEnded queues step 1 of Meier's follow-up (as mode: "send" or
// "draft"), claims it and ends it as status says (failed, or uncertain:
// the link dropped after DATA), as the dispatcher does: the follow-up
// stops, failed.
func stepOneEnded(t *testing.T, w *world, mode keepwarm.SendMode, status keepwarm.OutboxStatus) keepwarm.OutboxItem {
	t.Helper()
	attempt := now0.Add(8 * time.Hour)
	w.clock.Set(attempt)
	if _, err := w.fu.Run(w.ctx, attempt); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE outbox SET mode = ? WHERE enrollment_id = ?`, string(mode), w.enrollment); err != nil {
		t.Fatal(err)
	}
	claimed, err := w.db.ClaimDue(w.ctx, attempt, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	it, why := claimed[0], "the link dropped after DATA"
	if status == keepwarm.OutboxFailed {
		why = "550 mailbox unavailable"
		err = w.db.MarkFailed(w.ctx, it.ID, why)
	} else {
		err = w.db.MarkUncertain(w.ctx, it.ID, why)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := w.fu.Settled(w.ctx, it, status, why, nil, attempt); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollFailed || e.Step != 1 {
		t.Fatalf("after step 1 %s: %s step %d (%s) %v", status, e.Status, e.Step+1, e.Reason, err)
	}
	return it
}

// Step 1 of Meier's follow-up may have gone out. "It did not arrive: send
// it again" sits beside "It arrived" and sends the same mail again, which
// the customer gets twice if the first did arrive: it asks first, naming
// the customer, the follow-up and the step, and changes nothing until
// answered (in Chinese too). "Send it again" queues the step again.
func TestSendItAgainAsksFirst(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	stepOneEnded(t, w, keepwarm.ModeSend, keepwarm.OutboxUncertain)
	srv := w.serve()
	c := w.signIn(srv, lily)
	resend := path("/enrollments/%d/resend", w.enrollment)

	code, q := c.do("/", resend, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("send it again without the answer: %d %s", code, q)
	}
	mustContain(t, "the question", q, "Send this step again?", `<p id="confirm-what"><strong>Meier GmbH · key-customer · step 1</strong></p>`,
		"If the first mail did arrive, the customer gets the same mail a second time",
		`<a class="button" href="/" id="confirm-no">Keep it</a>`, `id="confirm-yes">Send it again</button>`, `name="confirm" value="1"`)
	unchanged := func(when string) {
		t.Helper()
		if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollFailed {
			t.Fatalf("%s: the follow-up is %s (%v)", when, e.Status, err)
		}
		if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND status = 'uncertain'`, w.enrollment); n != 1 {
			t.Fatalf("%s: %d uncertain items, want the first one still", when, n)
		}
		if _, err := w.fu.Run(w.ctx, w.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ?`, w.enrollment); n != 1 {
			t.Fatalf("%s: %d outbox items, want no second one", when, n)
		}
	}
	unchanged("after the question")

	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", resend, nil)
	mustContain(t, "the Chinese question", zh, "重新发送这一步？", "Meier GmbH · key-customer · 第 1 步", "客户会再收到同一封邮件", ">重新发送</button>", ">保留</a>")
	mustLack(t, "the Chinese question", zh, "Send this step again?", "the customer gets")
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "en"}})
	unchanged("after the Chinese question")

	// Tom may not: no question, a 404.
	if code, _ := w.signIn(srv, tom).do("/", resend, nil); code != http.StatusNotFound {
		t.Errorf("Tom's send it again: %d, want 404", code)
	}

	if code, loc := c.do("/", resend, url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Send it again: %d %s", code, loc)
	}
	// The step is done again.
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollActive || e.Step != 0 {
		t.Fatalf("after Send it again: %s step %d (%s) %v", e.Status, e.Step+1, e.Reason, err)
	}
	// (The customer's pace holds it a day from the first try.)
	if _, err := w.fu.Run(w.ctx, e.DueAt.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w.enrollment); n != 1 {
		t.Fatalf("after Send it again: %d queued step 1 items", n)
	}
}

// The same for a draft that may be in Drafts already: filed again, a
// second copy is in Drafts, which she may then send.
func TestFileItAgainAsksFirst(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	stepOneEnded(t, w, keepwarm.ModeDraft, keepwarm.OutboxUncertain)
	srv := w.serve()
	c := w.signIn(srv, lily)
	code, q := c.do(path("/customers/%d", w.meier), path("/enrollments/%d/resend", w.enrollment), nil)
	if code != http.StatusOK {
		t.Fatalf("file it again without the answer: %d %s", code, q)
	}
	mustContain(t, "the question", q, "File this draft again?", "Meier GmbH · key-customer · step 1",
		html.EscapeString("A second copy is filed in your Drafts: if the first one is there, or you sent it already, answer “It is in Drafts / I sent it: go on” instead"),
		`id="confirm-yes">File it again</button>`)
	mustLack(t, "the question", q, "Send this step again?")
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollFailed {
		t.Fatalf("after the question the follow-up is %s (%v)", e.Status, err)
	}
}

// Stop names the step it gives up: for a follow-up stopped by a failed or
// uncertain step 1, step 1, not "next: step 2"; for one paused with its
// step 1 held in the outbox, step 1 (held).
func TestStopNamesTheStepItGivesUp(t *testing.T) {
	for _, tc := range []struct {
		name, want, zh string
		setup          func(t *testing.T, w *world, c *client)
	}{
		{"failed", "Meier GmbH · key-customer · step 1 (its mail failed)", "Meier GmbH · key-customer · 第 1 步（邮件发送失败）",
			func(t *testing.T, w *world, c *client) { stepOneEnded(t, w, keepwarm.ModeSend, keepwarm.OutboxFailed) }},
		{"uncertain", "Meier GmbH · key-customer · step 1 (its mail may have gone out)", "Meier GmbH · key-customer · 第 1 步（邮件可能已发出）",
			func(t *testing.T, w *world, c *client) {
				stepOneEnded(t, w, keepwarm.ModeSend, keepwarm.OutboxUncertain)
			}},
		{"held", "Meier GmbH · key-customer · step 1 (held by the pause)", "Meier GmbH · key-customer · 第 1 步（因暂停而保留）",
			func(t *testing.T, w *world, c *client) {
				if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
					t.Fatal(err)
				}
				if code, loc := c.do("/", path("/enrollments/%d/pause", w.enrollment), url.Values{"until": {"2026-11-20"}, "back": {"/"}}); code != http.StatusSeeOther {
					t.Fatalf("pause until the 20th: %d %s", code, loc)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			srv := w.serve()
			c := w.signIn(srv, lily)
			tc.setup(t, w, c)
			stop := path("/enrollments/%d/stop", w.enrollment)
			code, q := c.do("/", stop, url.Values{"back": {"/"}})
			if code != http.StatusOK {
				t.Fatalf("Stop without the answer: %d %s", code, q)
			}
			mustContain(t, "the question", cut(t, q, `id="confirm-what"`, "</p>"), tc.want)
			u, _ := url.Parse(srv.URL)
			c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
			_, zh := c.do("/", stop, nil)
			mustContain(t, "the Chinese question", cut(t, zh, `id="confirm-what"`, "</p>"), tc.zh)
		})
	}
}
