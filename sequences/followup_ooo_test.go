package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// The return date an out-of-office states is a day in the customer's zone:
// the follow-up resumes that day in their morning, even when the auto-reply
// came from a server in Tokyo; a call step falls due that day.
func TestOutOfOfficeResumesOnTheReturnDayInTheCustomersMorning(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	t.Run("mail step", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ooo-jp@buyer.de", keepwarm.KindAutoReply, "Automatic reply", day0.Add(time.Hour))
		ooo.AutoReplyUntil = time.Date(2026, 11, 10, 0, 0, 0, 0, tokyo) // Tuesday 10 November
		w.save("lily", "INBOX", ooo)
		w.run(day0.Add(2 * time.Hour))
		w.run(time.Date(2026, 11, 9, 16, 30, 0, 0, berlin)) // Monday afternoon in Berlin: still away
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d item(s) the day before the return date", n)
		}
		e := w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(time.Date(2026, 11, 10, 0, 0, 0, 0, berlin)) {
			t.Fatalf("paused until %s (%s)", e.PausedUntil.In(berlin), e.Status)
		}
		w.run(time.Date(2026, 11, 10, 0, 1, 0, 0, berlin))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(time.Date(2026, 11, 10, 9, 0, 0, 0, berlin)) {
			t.Fatalf("resumed: %s due %s", e.Status, e.DueAt.In(berlin))
		}
		w.run(time.Date(2026, 11, 10, 9, 0, 0, 0, berlin))
		if items := w.outbox(); len(items) != 1 {
			t.Fatalf("return morning: %d item(s)", len(items))
		}
	})
	t.Run("call step", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		for _, d := range []int{3, 7} { // the resend and the introduction go
			w.run(day0.AddDate(0, 0, d))
			w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
		}
		ooo := w.msg("ooo-call@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.AddDate(0, 0, 8))
		ooo.AutoReplyUntil = time.Date(2026, 11, 16, 0, 0, 0, 0, tokyo) // Monday 16 November
		w.save("lily", "INBOX", ooo)
		for d := 8; d <= 13; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		if tasks, _ := w.db.ListTasks(context.Background(), true, ""); len(tasks) != 0 {
			t.Fatalf("a call task while away: %+v", tasks)
		}
		w.run(time.Date(2026, 11, 16, 9, 0, 0, 0, berlin))
		tasks, _ := w.db.ListTasks(context.Background(), true, "")
		if len(tasks) != 1 || tasks[0].DueAt.In(berlin).Format("2006-01-02") != "2026-11-16" {
			t.Fatalf("call task: %+v", tasks)
		}
	})
}
