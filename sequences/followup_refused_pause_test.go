package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// The resend goes to Hans and Ute on day 3 (the product introduction is
// due on day 7). While the dispatcher is in the SMTP session, Lily presses
// Pause (with no end, or until a day). Ute's address is refused at RCPT:
// Ute is dropped and the step is to be done again for Hans, but only when
// the pause ends. The pause, its end and its reason stand: the next looks
// send nothing, and the step goes to Hans alone on the day Lily resumes it,
// or on the day the pause ends, before the introduction's day too.
func TestARefusalAtRCPTKeepsAPauseMadeDuringTheSend(t *testing.T) {
	for _, c := range []struct {
		name  string
		until time.Time
		back  int // the day the pause ends, or Lily resumes it
	}{
		{"no end, resumed on day 9", time.Time{}, 9},
		{"until day 10", day0.AddDate(0, 0, 10), 10},
		{"no end, resumed on day 4", time.Time{}, 4},
		{"until day 4", day0.AddDate(0, 0, 4), 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			w, item, at := resendToHansAndUteInTheSession(t)
			// Lily pauses it during the send.
			if _, err := w.job.Pause(ctx, *item.Enrollment, c.until, at.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			const why = "550 5.1.1 <ute@buyer.de>: Recipient address rejected: User unknown"
			if err := w.db.MarkRefused(ctx, item.ID, why); err != nil {
				t.Fatal(err)
			}
			if err := w.job.Settled(ctx, item, keepwarm.OutboxFailed, why, []string{"ute@buyer.de"}, at.Add(5*time.Second)); err != nil {
				t.Fatal(err)
			}
			e, err := w.db.GetEnrollment(ctx, *item.Enrollment)
			if err != nil {
				t.Fatal(err)
			}
			if e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || !e.PausedUntil.Equal(c.until) || e.Step != *item.Step {
				t.Fatalf("after the refusal: %s by a person %t until %s, step %d (%q); want paused by a person until %s, step %d",
					e.Status, e.PausedByPerson, e.PausedUntil, e.Step, e.Reason, c.until, *item.Step)
			}
			// Her own pause says nothing of Ute, and the refused send
			// leaves the list of sends that need someone: the reason
			// says who was dropped, after her pause.
			if !strings.HasPrefix(e.Reason, "paused by a person; ") || !strings.Contains(e.Reason, "step 1 refused for ute@buyer.de") {
				t.Errorf("reason %q; want her pause, then Ute refused", e.Reason)
			}
			if len(e.To) != 1 || e.To[0].Email != "hans@buyer.de" {
				t.Fatalf("follow-up to %v after Ute's refusal; want Hans alone", e.To)
			}
			if it := w.item(item.ID); it.SettledAt.IsZero() {
				t.Fatalf("the refused resend still needs someone: %+v", it)
			}
			queuedFor := func() []keepwarm.OutboxItem {
				var out []keepwarm.OutboxItem
				for _, it := range w.outbox() {
					if it.Enrollment != nil && *it.Enrollment == e.ID && it.ID != item.ID && it.Status == keepwarm.OutboxQueued {
						out = append(out, it)
					}
				}
				return out
			}
			for d := 3; d < c.back; d++ {
				w.run(day0.AddDate(0, 0, d).Add(4 * time.Hour))
				if q := queuedFor(); len(q) != 0 {
					t.Fatalf("day %d, paused by Lily: queued %+v", d, q)
				}
			}
			if c.until.IsZero() {
				if _, err := w.job.Resume(ctx, e.ID, day0.AddDate(0, 0, c.back).Add(5*time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			w.run(day0.AddDate(0, 0, c.back).Add(6 * time.Hour))
			q := queuedFor()
			if len(q) != 1 || *q[0].Step != *item.Step || len(q[0].To)+len(q[0].Cc) != 1 || emails(q[0].To) != "hans@buyer.de" {
				e, _ := w.db.GetEnrollment(ctx, e.ID)
				t.Fatalf("day %d, the pause over: queued %+v (follow-up %s, step %d due %s); want step %d again, to Hans alone, that day",
					c.back, q, e.Status, e.Step, e.DueAt, *item.Step+1)
			}
		})
	}
}

// The manager slows the resend (3 days -> 5) while it is in the SMTP
// session, and Ute's address is refused at RCPT: the step is done again for
// Hans at once, not counted again from its own day with the new delay
// (day 8), for the redo records the delays the sequence now has.
func TestARefusalAtRCPTRedoesTheStepAtOnceThoughItsDelayChanged(t *testing.T) {
	ctx := context.Background()
	w, item, at := resendToHansAndUteInTheSession(t)
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "5d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	const why = "550 5.1.1 <ute@buyer.de>: Recipient address rejected: User unknown"
	if err := w.db.MarkRefused(ctx, item.ID, why); err != nil {
		t.Fatal(err)
	}
	if err := w.job.Settled(ctx, item, keepwarm.OutboxFailed, why, []string{"ute@buyer.de"}, at.Add(5*time.Second)); err != nil {
		t.Fatal(err)
	}
	w.run(at.Add(time.Hour))
	if n := w.stepsQueued(); n != 2 {
		e := w.enrollment()
		t.Fatalf("%d step mails an hour after the refusal, want the resend done again for Hans: %s step %d due %s %q", n, e.Status, e.Step+1, e.DueAt, e.Reason)
	}
}

// resendToHansAndUteInTheSession makes the resend of Lily's quotation to
// Hans and Ute (q-2) and claims it on day 3 at 03:00 as the dispatcher
// does: the step is in the SMTP session at the instant it returns.
func resendToHansAndUteInTheSession(t *testing.T) (*fuWorld, keepwarm.OutboxItem, time.Time) {
	t.Helper()
	w := newFUWorld(t, "A")
	w.quotationTo("q-2@seller.example", "Dear Hans, dear Ute, please find our quotation attached. Could you confirm the quantities?",
		[]keepwarm.Address{{Name: "Hans Meier", Email: "hans@buyer.de"}}, []keepwarm.Address{{Name: "Ute Kraus", Email: "ute@buyer.de"}})
	resend := w.resendOf("q-2@seller.example")
	if len(resend.To)+len(resend.Cc) != 2 || resend.Step == nil || resend.Enrollment == nil {
		t.Fatalf("the resend of q-2 %+v; the test needs a step to Hans and Ute", resend)
	}
	at := day0.AddDate(0, 0, 3).Add(3 * time.Hour)
	claimed, err := w.db.ClaimDue(context.Background(), at, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range claimed {
		if it.ID == resend.ID {
			return w, it, at
		}
	}
	t.Fatalf("the resend was not claimed: %+v", claimed)
	return nil, keepwarm.OutboxItem{}, time.Time{}
}
