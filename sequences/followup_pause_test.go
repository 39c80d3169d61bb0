package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A person paused the follow-up ("he is at the fair, I'll phone him"). An
// out-of-office from the customer then only ever lengthens that pause: it
// never ends a pause without an end date, never shortens a dated one, and
// the person's reason stays. In the last look before a send as in the job.
func TestAnOutOfOfficeDoesNotOverrideAPersonsPause(t *testing.T) {
	ctx := context.Background()
	ooo := func(w *fuWorld, id string, at, until time.Time) {
		m := w.msg(id, keepwarm.KindAutoReply, "Abwesenheitsnotiz", at)
		m.AutoReplyUntil = until
		w.save("lily", "INBOX", m)
	}
	midnight := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, berlin) }
	t.Run("until a person resumes it", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		e := w.enrollment()
		if _, err := w.job.Pause(ctx, e.ID, time.Time{}, day0.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		ooo(w, "ooo-p1@buyer.de", day0.Add(time.Hour), midnight(7))
		for d := 0; d <= 8; d++ {
			w.run(day0.AddDate(0, 0, d).Add(2 * time.Hour))
		}
		e = w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || e.Reason != "paused by a person" {
			t.Fatalf("the person's pause is not kept: %s until %s %q", e.Status, e.PausedUntil, e.Reason)
		}
		if items := w.outbox(); len(items) != 0 {
			t.Fatalf("sent while a person paused it: %+v", items)
		}
		// Resumed by the person, it goes on as before.
		if e, err := w.job.Resume(ctx, e.ID, day0.AddDate(0, 0, 9)); err != nil || e.Status != keepwarm.EnrollActive {
			t.Fatalf("resume: %+v %v", e, err)
		}
		w.run(day0.AddDate(0, 0, 9).Add(time.Hour))
		if items := w.outbox(); len(items) != 1 {
			t.Fatalf("after the resume: %d items", len(items))
		}
	})
	t.Run("until a date", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		e := w.enrollment()
		if _, err := w.job.Pause(ctx, e.ID, midnight(12), day0.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		// Back sooner than the person's date: the pause stays as it is.
		ooo(w, "ooo-p2@buyer.de", day0.Add(time.Hour), midnight(6))
		w.run(day0.Add(2 * time.Hour))
		w.run(midnight(7))
		e = w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(midnight(12)) || e.Reason != "paused by a person" {
			t.Fatalf("an earlier return date shortened the person's pause: %s until %s %q", e.Status, e.PausedUntil.In(berlin), e.Reason)
		}
		// Back later than the person's date: the pause lasts until then.
		ooo(w, "ooo-p3@buyer.de", midnight(9).Add(10*time.Hour), midnight(16))
		w.run(midnight(9).Add(11 * time.Hour))
		w.run(midnight(12).Add(10 * time.Hour))
		e = w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(midnight(16)) || e.Reason != "paused by a person" {
			t.Fatalf("a later return date does not lengthen the pause: %s until %s %q", e.Status, e.PausedUntil.In(berlin), e.Reason)
		}
		if items := w.outbox(); len(items) != 0 {
			t.Fatalf("sent while paused: %+v", items)
		}
		w.run(midnight(16).Add(9 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollCompleted || len(w.outbox()) != 1 {
			t.Fatalf("not resumed on the later date: %+v, %d items", e, len(w.outbox()))
		}
	})
	t.Run("at the last look", func(t *testing.T) {
		w := newFUWorld(t, "A")
		due, item := w.resendQueued()
		e := w.enrollment()
		if _, err := w.job.Pause(ctx, e.ID, time.Time{}, due.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		ooo(w, "ooo-p4@buyer.de", due.Add(2*time.Minute), midnight(8))
		reason, err := w.job.Recheck(ctx, item, due.Add(3*time.Minute))
		if err != nil || !strings.Contains(reason, "paused by a person") {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
		e = w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || e.Reason != "paused by a person" || e.Step != 0 || e.Redo != 1 {
			t.Fatalf("the person's pause is not kept at the last look: %s until %s %q step %d redo %d", e.Status, e.PausedUntil, e.Reason, e.Step, e.Redo)
		}
	})
}

// TestAPauseUntilAGoneDayIsRefused: a pause until a time not after now
// (a wrong year) would end at once and send the step due at the next
// look; Pause itself refuses it, for the CLI and the desk alike, and the
// follow-up is left as it was.
func TestAPauseUntilAGoneDayIsRefused(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	e := w.enrollment()
	now := day0.Add(2 * time.Minute)
	gone := time.Date(2025, 11, 20, 0, 0, 0, 0, berlin)
	_, err := w.job.Pause(ctx, e.ID, gone, now)
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID || !strings.Contains(fmt.Sprint(err), "pause until 2025-11-20 is in the past") {
		t.Fatalf("pause until last year: %v", err)
	}
	if after := w.enrollment(); after.Status != keepwarm.EnrollActive || !after.PausedUntil.IsZero() {
		t.Fatalf("a refused pause changed the follow-up: %s until %s", after.Status, after.PausedUntil)
	}
}
