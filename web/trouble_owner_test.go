package web_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Tom answered Lily's customer Meier from his own mailbox, so the
// follow-up goes out in his name; its step is refused for good. The
// follow-up's line, with Resume, is on Tom's desk and on Lily's, the
// customer's owner ("sent as Tom Wu"), as a queued or failed send of her
// customer's is: not only on the desk of the one it went out as.
func TestAFailedFollowUpInAColleaguesNameShowsToTheCustomersOwner(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	tomC := w.signIn(srv, tom)
	r := newSendRig(t, w)

	w.smtp.FailNextData(1, 554)
	r.run(t, now0.Add(8*time.Hour))
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed {
		t.Fatalf("after the refusal: %s (%s) %v", e.Status, e.Reason, err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET owner = ? WHERE id = ?`, tom, w.enrollment); err != nil {
		t.Fatal(err)
	}
	for who, c := range map[string]*client{"Tom": tomC, "Lily": lilyC} {
		trouble := cut(t, mustGet(t, c, "/"), `id="trouble"`, "</section>")
		mustContain(t, who+"'s desk", trouble, path(`action="/enrollments/%d/resume"`, w.enrollment))
		if n := strings.Count(trouble, "<li"); n != 1 {
			t.Errorf("%s's Sends that need you has %d lines for one failed step:\n%s", who, n, trouble)
		}
	}
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "Lily's desk", trouble, "Tom Wu")
}

// A follow-up from a shared mailbox Mei owns, signed as Lily, to Tom's
// customer fails: Tom's desk says it went out as Lily Chen, the one the
// customer heard from, not as the mailbox's owner; Lily's own desk marks
// it as someone else's on neither line.
func TestAFailedFollowUpNamesWhoItWasSignedAs(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	tomC := w.signIn(srv, tom)
	r := newSendRig(t, w)

	w.smtp.FailNextData(1, 554)
	r.run(t, now0.Add(8*time.Hour))
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed {
		t.Fatalf("after the refusal: %s (%s) %v", e.Status, e.Reason, err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET owner = ?, signer = ? WHERE id = ?`, mei, lily, w.enrollment); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, tom, e.CustomerID); err != nil {
		t.Fatal(err)
	}
	trouble := cut(t, mustGet(t, tomC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "Tom's desk", trouble, path(`action="/enrollments/%d/resume"`, w.enrollment), "Lily Chen")
	mustLack(t, "Tom's desk", trouble, "Mei Lin")
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "Lily's desk", trouble, path(`action="/enrollments/%d/resume"`, w.enrollment))
	mustLack(t, "Lily's desk", trouble, "Mei Lin")
}
