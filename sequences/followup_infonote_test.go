package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A day after the quotation Lily writes to Hans in the same thread that the
// office closes over the holidays. That notice asks nothing: the resend
// still follows up the quotation and quotes it, never the notice, its clock
// restarted by the notice (he has just had mail).
func TestAnInformationOnlyMailInTheThreadIsNotWhatTheStepChases(t *testing.T) {
	setup := func(t *testing.T) (*fuWorld, int64, keepwarm.Message) {
		w := newFUWorld(t, "A")
		q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED strips", day0.Add(time.Hour))
		q.Text = "Dear Hans, please find our quotation for the LED strips attached."
		w.save("lily", "Sent", q)
		w.run(day0.Add(2 * time.Hour))
		thread := w.threadOf("q-2@seller.example")
		note := w.msg("n-1@seller.example", keepwarm.KindOutbound, "Re: Quotation LED strips", day0.AddDate(0, 0, 1), "q-2@seller.example")
		note.Text = "Please note our office is closed from 24 December to 2 January. Best regards, Lily"
		note.Snippet = note.Text
		return w, thread, note
	}
	check := func(t *testing.T, w *fuWorld, thread int64, noteAt time.Time) {
		t.Helper()
		var resend *keepwarm.OutboxItem
		for _, it := range w.outbox() {
			if it.ThreadID == thread && it.Status != keepwarm.OutboxSkipped {
				resend = &it
			}
		}
		if resend == nil {
			t.Fatalf("no resend: %+v", w.outbox())
		}
		e := w.enrollmentOf(thread)
		m, err := w.db.GetMessage(context.Background(), e.AnchorID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Key != "q-2@seller.example" || resend.InReplyTo != "q-2@seller.example" || strings.Contains(resend.Text, "office is closed") ||
			!strings.Contains(resend.Text, "LED strips attached") || strings.Contains(resend.Text, noteAt.In(berlin).Format("2 January")) {
			t.Fatalf("the resend chases the notice: anchor %s, In-Reply-To %s\n%s", m.Key, resend.InReplyTo, resend.Text)
		}
	}
	t.Run("seen by the job", func(t *testing.T) {
		w, thread, note := setup(t)
		w.save("lily", "Sent", note)
		w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
		if e := w.enrollmentOf(thread); !strings.Contains(e.Reason, "information-only") ||
			!e.DueAt.Equal(day0.AddDate(0, 0, 4)) {
			t.Fatalf("after the notice: due %s (%s)", e.DueAt.In(berlin), e.Reason)
		}
		for d := 2; d <= 5; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		check(t, w, thread, note.Date)
	})
	t.Run("seen at the last look", func(t *testing.T) {
		w, thread, note := setup(t)
		note.Date = day0.AddDate(0, 0, 3).Add(2 * time.Hour)
		w.run(day0.AddDate(0, 0, 3).Add(time.Hour)) // the resend is queued
		var queued keepwarm.OutboxItem
		for _, it := range w.outbox() {
			if it.ThreadID == thread {
				queued = it
			}
		}
		w.save("lily", "Sent", note)
		why, err := w.job.Recheck(context.Background(), queued, note.Date.Add(time.Minute))
		if err != nil || why == "" {
			t.Fatalf("the resend queued before the notice goes right after it: %q %v", why, err)
		}
		if err := w.db.MarkSkipped(context.Background(), queued.ID, why); err != nil {
			t.Fatal(err)
		}
		for d := 4; d <= 7; d++ {
			w.run(day0.AddDate(0, 0, d).Add(3 * time.Hour))
		}
		check(t, w, thread, note.Date)
	})
}
