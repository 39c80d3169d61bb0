package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// Tom, the technical colleague, follows up a quotation he sent to Meier,
// Lily's customer; the step is queued (held by his mailbox's daily cap).
// It goes out as Tom, so it is on Tom's desk, which can skip it, with
// Meier's name but no link to a page closed to him; Lily's desk shows it
// too, saying it goes out as Tom.
func TestAQueuedStepIsOnTheDeskOfWhoItIsSentAs(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC, tomC := w.signIn(srv, lily), w.signIn(srv, tom)
	if _, err := w.raw.Exec(`UPDATE enrollments SET owner = ? WHERE id = ?`, tom, w.enrollment); err != nil {
		t.Fatal(err)
	}
	step, enr := 0, w.enrollment
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: path("seq:%d:0", enr), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "tom", From: keepwarm.Address{Name: "Tom Wu", Email: tom}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Re: Quotation LED panels", Text: "Dear Hans", Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: "sequence",
		Sequence: "key-customer", Step: &step, Enrollment: &enr, DueAt: now0.Add(time.Hour), NextAttemptAt: now0.Add(20 * time.Hour),
		CreatedAt: now0, LastError: "held: the mailbox's daily cap is reached"})
	if err != nil {
		t.Fatal(err)
	}
	line := path(`id="out-%d"`, it.ID)

	tomDesk := cut(t, mustGet(t, tomC, "/"), line, "</li>")
	mustContain(t, "Tom's desk", tomDesk, "Meier", path(`action="/outbox/%d/skip"`, it.ID))
	mustLack(t, "Tom's desk", tomDesk, path(`href="/customers/%d"`, w.meier), "sent as")

	lilyDesk := cut(t, mustGet(t, lilyC, "/"), line, "</li>")
	mustContain(t, "Lily's desk", lilyDesk, "sent as Tom Wu", path(`href="/customers/%d"`, w.meier))

	if code, body := tomC.do("/", path("/outbox/%d/skip", it.ID), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Tom skips his queued step: %d\n%s", code, body)
	}
	if got, err := w.db.OutboxItem(w.ctx, it.ID); err != nil || got.Status != keepwarm.OutboxSkipped {
		t.Fatalf("after Tom's skip: %s %v", got.Status, err)
	}
}
