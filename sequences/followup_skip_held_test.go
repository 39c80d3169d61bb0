package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// Lily follows Peter's mail up by hand and skips step 1 of the follow-up
// his mail holds. The follow-up still says what it waits for (on the desk
// and in the digest, in Chinese too), and her next question in the thread
// lifts the hold as it would have before the skip: the skip replaced the
// reason, so nothing lifted the hold and the desk no longer said why.
func TestASkippedStepKeepsWhatAHoldWaitsFor(t *testing.T) {
	ctx := context.Background()
	w := peterWorld(t)
	w.run(day0.Add(time.Minute))
	peterHold(w)
	e := w.enrollment()
	at := day0.AddDate(0, 0, 1).Add(2 * time.Hour)
	e, err := w.job.SkipStep(ctx, e.ID, 0, "lily@seller.example", at)
	if err != nil {
		t.Fatal(err)
	}
	const hold = "peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from"
	if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || e.Step != 1 ||
		!strings.HasPrefix(e.Reason, hold) || !strings.HasSuffix(e.Reason, "; step 1 skipped by lily@seller.example") {
		t.Fatalf("after the skip: %s until %v at step %d, %q\nwant held, naming Peter and the skip", e.Status, e.PausedUntil, e.Step+1, e.Reason)
	}
	if zh := zhtext.Err(e.Reason); !strings.HasSuffix(zh, "；第 1 步已由 lily@seller.example 跳过") {
		t.Fatalf("the reason in Chinese: %q", zh)
	}
	m := lilyWrites(w, "pi-7@seller.example", at.Add(time.Hour), true)
	w.run(at.Add(2 * time.Hour))
	e = w.enrollment()
	if e.Status != keepwarm.EnrollActive || w.anchorKey(e) != m.Key || !strings.HasPrefix(e.Reason, "resumed: lily@seller.example wrote in the thread after peter@seller.example") {
		t.Fatalf("after Lily's question: %s on %s, %q\nwant active on %s, resumed", e.Status, w.anchorKey(e), e.Reason, m.Key)
	}
}

// A follow-up a person paused keeps the person's reason when a step of it
// is skipped: the digest lists a pause whose reason is not a person's as
// one keepwarm holds for someone to look at.
func TestASkippedStepKeepsAPersonsPause(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, day0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, err := w.job.SkipStep(ctx, e.ID, 0, "lily@seller.example", day0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || e.Reason != "paused by a person" {
		t.Fatalf("after the skip: %s by a person %v, %q", e.Status, e.PausedByPerson, e.Reason)
	}
}
