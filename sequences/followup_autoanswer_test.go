package sequences_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// An automatic answer without a return date is an absence only when it
// reads as one: an acknowledgement ("we have received your message") leaves
// the steps their days, and a challenge-response filter holds the
// follow-up until a person confirms the sender.
func TestAutomaticAnswersThatAreNoAbsence(t *testing.T) {
	t.Run("acknowledgement", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ack := w.msg("ack-1@buyer.de", keepwarm.KindAutoReply, "Re: Quotation LED panels [Ticket #48213]", day0.Add(time.Hour))
		ack.Snippet = "We have received your message. Ticket #48213 was created and our purchasing team will get back to you."
		w.save("lily", "INBOX", ack)
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive || strings.HasPrefix(e.Reason, "out of office") {
			t.Fatalf("after an acknowledgement: %s, %q; want active", e.Status, e.Reason)
		}
		w.run(day0.AddDate(0, 0, 3))
		if n := len(w.outbox()); n != 1 {
			t.Fatalf("the step after an acknowledgement: %d item(s), want 1", n)
		}
	})
	t.Run("acknowledgement from someone away is an absence", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ooo := w.msg("ack-2@buyer.de", keepwarm.KindAutoReply, "Automatic reply", day0.Add(time.Hour))
		ooo.Snippet = "We have received your message. I am out of the office this week."
		w.save("lily", "INBOX", ooo)
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "out of office: hans@buyer.de") {
			t.Fatalf("paused: %s, %q", e.Status, e.Reason)
		}
	})
	t.Run("thanks from someone away is an absence", func(t *testing.T) {
		for i, snippet := range []string{
			"Thank you for your email, I am currently away and will respond upon my return.",
			"Thank you for your message, I am currently unavailable and will get back to you when I return.",
		} {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			ooo := w.msg(fmt.Sprintf("thanks-%d@buyer.de", i), keepwarm.KindAutoReply, "Automatic reply: Quotation LED panels", day0.Add(time.Hour))
			ooo.Snippet = snippet
			w.save("lily", "INBOX", ooo)
			w.run(day0.Add(2 * time.Hour))
			w.run(day0.AddDate(0, 0, 3))
			if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "out of office: hans@buyer.de") {
				t.Fatalf("%q: %s, %q; want paused out of office", snippet, e.Status, e.Reason)
			}
			if n := len(w.outbox()); n != 0 {
				t.Fatalf("%q: %d step(s) sent to a customer who is away", snippet, n)
			}
		}
	})
	t.Run("acknowledgement passing on a person's words", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ack := w.msg("ack-3@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(time.Hour))
		ack.Snippet = "We have received your request. Ticket #4711 – Li Wei commented: Thanks, please send the proforma for 200 pcs."
		w.save("lily", "INBOX", ack)
		w.run(day0.Add(2 * time.Hour))
		want := "on hold: an automatic answer from hans@buyer.de passes on a person's words: read it, then resume or stop the follow-up"
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || e.Reason != want {
			t.Fatalf("after an acknowledgement with a person's words: %s until %v, %q", e.Status, e.PausedUntil, e.Reason)
		}
		for d := 3; d <= 20; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d step(s) sent after the customer may have answered", n)
		}
	})
	t.Run("a person's words without acknowledgement", func(t *testing.T) {
		// A helpdesk's notification with no ticket words, with or without a
		// date mailsync read from it: held, never an out-of-office.
		for _, until := range []time.Time{{}, day0.AddDate(0, 0, 3)} {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			n := w.msg("note-1@buyer.de", keepwarm.KindAutoReply, "Re: Quotation LED panels", day0.Add(time.Hour))
			n.Snippet = "Li Wei commented: Thanks, please send the proforma for 200 pcs, we order this week."
			n.AutoReplyUntil = until
			w.save("lily", "INBOX", n)
			for d := 0; d <= 10; d++ {
				w.run(day0.Add(2*time.Hour).AddDate(0, 0, d))
			}
			if n := len(w.outbox()); n != 0 {
				t.Fatalf("until %v: %d step(s) sent after the customer may have answered", until, n)
			}
			if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "on hold: an automatic answer from hans@buyer.de") {
				t.Fatalf("until %v: %s until %v, %q", until, e.Status, e.PausedUntil, e.Reason)
			}
		}
	})
	t.Run("a later out-of-office leaves the hold", func(t *testing.T) {
		// The hold waits for a person: a colleague's absence read after
		// it, in the same look or a later one, does not make it a pause
		// that runs out.
		for _, sameLook := range []bool{false, true} {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			ack := w.msg("ack-4@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(time.Hour))
			ack.Snippet = "We have received your request. Ticket #4711 – Li Wei commented: Thanks, please send the proforma for 200 pcs."
			w.save("lily", "INBOX", ack)
			if !sameLook {
				w.run(day0.Add(90 * time.Minute))
			}
			ute := w.msg("ooo-ute@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.Add(2*time.Hour), "q-1@seller.example")
			ute.From = keepwarm.Address{Name: "Ute Kraus", Email: "ute@buyer.de"}
			ute.AutoReplyUntil = day0.AddDate(0, 0, 3)
			w.save("lily", "INBOX", ute)
			w.run(day0.Add(3 * time.Hour))
			for d := 1; d <= 10; d++ {
				w.run(day0.AddDate(0, 0, d))
			}
			if n := len(w.outbox()); n != 0 {
				t.Fatalf("same look %v: %d step(s) sent after the customer may have answered", sameLook, n)
			}
			if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "on hold: an automatic answer from hans@buyer.de") {
				t.Fatalf("same look %v: %s until %v, %q", sameLook, e.Status, e.PausedUntil, e.Reason)
			}
		}
	})
	t.Run("challenge-response", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ch := w.msg("cr-1@buyer.de", keepwarm.KindAutoReply, "Please confirm your message", day0.Add(time.Hour))
		ch.Snippet = "Hans Meier uses a spam filter. Please confirm that you are a human sender before your message is delivered: click the link below."
		w.save("lily", "INBOX", ch)
		w.run(day0.Add(2 * time.Hour))
		want := "on hold: a mail filter asks to confirm the sender before it delivers mail to hans@buyer.de: confirm it by hand, then resume the follow-up"
		if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || e.Reason != want {
			t.Fatalf("after a challenge: %s until %v, %q", e.Status, e.PausedUntil, e.Reason)
		}
		for d := 3; d <= 20; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d step(s) sent into the filter", n)
		}
	})
}
