package sequences_test

import (
	"testing"
	"time"

	"keepwarm"
)

// Two out-of-office replies to one follow-up: the pause keepwarm made lasts
// until the later return date, whichever reply was read last. A colleague
// in the thread back sooner, or a dateless reply after a dated one, does
// not bring the step into the holiday of the person it greets.
func TestAnOutOfOfficePauseOnlyLengthens(t *testing.T) {
	hansBack := time.Date(2027, 1, 11, 0, 0, 0, 0, berlin)
	t.Run("a colleague back sooner", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ooo-hans@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour))
		ooo.AutoReplyUntil = hansBack
		w.save("lily", "INBOX", ooo)
		maria := w.msg("ooo-maria@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour+time.Minute), "q-1@seller.example")
		maria.From = keepwarm.Address{Name: "Maria Roth", Email: "maria@buyer.de"}
		maria.AutoReplyUntil = time.Date(2026, 12, 28, 0, 0, 0, 0, berlin)
		w.save("lily", "INBOX", maria)
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(hansBack) {
			t.Fatalf("paused until %s (%s): %s", e.PausedUntil.In(berlin), e.Status, e.Reason)
		}
		w.run(time.Date(2026, 12, 28, 10, 0, 0, 0, berlin))
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d item(s) while Hans is away", n)
		}
	})
	t.Run("stored out of the order they came in", func(t *testing.T) {
		// A mailbox that catches up stores Maria's earlier reply after
		// Hans's later one: both are read.
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ooo-hans@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour))
		ooo.AutoReplyUntil = hansBack
		w.save("lily", "INBOX", ooo)
		maria := w.msg("ooo-maria@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(30*time.Minute), "q-1@seller.example")
		maria.From = keepwarm.Address{Name: "Maria Roth", Email: "maria@buyer.de"}
		maria.AutoReplyUntil = time.Date(2026, 12, 28, 0, 0, 0, 0, berlin)
		w.save("bob", "INBOX", maria)
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(hansBack) {
			t.Fatalf("paused until %s (%s): %s", e.PausedUntil.In(berlin), e.Status, e.Reason)
		}
		// A later look reads neither again.
		w.run(day0.Add(3 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(hansBack) {
			t.Fatalf("at the next look: paused until %s (%s): %s", e.PausedUntil.In(berlin), e.Status, e.Reason)
		}
	})
	t.Run("stored out of order after a look", func(t *testing.T) {
		// Maria's reply was read at one look; Bob's mailbox catches up
		// later with Hans's, received before hers: it is still read.
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		maria := w.msg("ooo-maria@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour), "q-1@seller.example")
		maria.From = keepwarm.Address{Name: "Maria Roth", Email: "maria@buyer.de"}
		maria.AutoReplyUntil = time.Date(2026, 11, 7, 0, 0, 0, 0, berlin)
		w.save("lily", "INBOX", maria)
		w.run(day0.Add(2 * time.Hour))
		ooo := w.msg("ooo-hans@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(30*time.Minute))
		ooo.AutoReplyUntil = hansBack
		w.save("bob", "INBOX", ooo)
		w.run(day0.Add(3 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(hansBack) {
			t.Fatalf("paused until %s (%s): %s", e.PausedUntil.In(berlin), e.Status, e.Reason)
		}
		for d := 3; d <= 20; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d item(s) while Hans is away", n)
		}
	})
	t.Run("a dateless reply after a dated one", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ooo-hans@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour))
		ooo.AutoReplyUntil = hansBack
		w.save("lily", "INBOX", ooo)
		w.save("lily", "INBOX", w.msg("ooo-hans-2@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(time.Hour+time.Minute)))
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(hansBack) {
			t.Fatalf("paused until %s (%s): %s", e.PausedUntil.In(berlin), e.Status, e.Reason)
		}
	})
}
