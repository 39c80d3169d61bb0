package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Hans's resend is held by a send window that never opens, and its
// follow-up failed saying why. Stop names the step it gives up as held
// because the follow-up failed (in Chinese too): it said "held by the
// pause", and nothing is paused.
func TestStopOfAFailedFollowUpsHeldStepSaysItFailed(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	step := 0
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: fmt.Sprintf("seq:%d:0", e.ID), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Quotation",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: sequences.OriginSequence, Sequence: e.Sequence, Enrollment: &e.ID, Step: &step,
		DueAt: now0, NextAttemptAt: now0, CreatedAt: now0})
	if err != nil {
		t.Fatal(err)
	}
	why := "the send window of key-customer never opens for this customer: its workdays and the customer's days off leave no day; fix the window, then resume"
	if err := w.db.HoldOutbox(w.ctx, item.ID, now0.Add(24*time.Hour), "held: "+why); err != nil {
		t.Fatal(err)
	}
	e.Status, e.Step, e.Reason, e.UpdatedAt = keepwarm.EnrollFailed, 1, why, now0
	if _, err = w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)
	code, q := c.do("/", stop, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, q)
	}
	what := cut(t, q, `id="confirm-what"`, "</p>")
	mustContain(t, "the question", what, "Meier GmbH · key-customer · step 1 (held: its follow-up failed)")
	mustLack(t, "the question", what, "held by the pause")
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", stop, nil)
	what = cut(t, zh, `id="confirm-what"`, "</p>")
	mustContain(t, "the Chinese question", what, "Meier GmbH · key-customer · 第 1 步（因跟进失败而保留）")
	mustLack(t, "the Chinese question", what, "因暂停而保留")
}
