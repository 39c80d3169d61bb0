package sequences_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// inChinese fails t when reason, written in Chinese, keeps English words.
func inChinese(t *testing.T, reason string) {
	t.Helper()
	zh := zhtext.Err(reason)
	if english.MatchString(zh) {
		t.Errorf("the reason in Chinese keeps English: %q\nfrom %q", zh, reason)
	}
}

var english = regexp.MustCompile(`[a-z]+ [a-z]+ [a-z]+`)

// hansAway stores Hans's out-of-office received at at, back on day0 + 16
// days, and runs the job an hour later.
func hansAway(w *fuWorld, at time.Time) {
	w.t.Helper()
	a := w.msg("ooo-7@buyer.de", keepwarm.KindAutoReply, "Automatic reply: Quotation LED panels", at, "q-1@seller.example")
	a.Snippet = "I am out of the office until 18 November with no access to e-mail."
	a.AutoReplyUntil = day0.AddDate(0, 0, 16)
	w.save("lily", "INBOX", a)
	w.run(at.Add(time.Hour))
}

// A hold lifted by Lily's question does not send to a buyer whose absence
// is still in force: the follow-up of her question is paused until his
// return, whether the answer passed on came after his out-of-office or
// before it. Exchange answers once per absence, so no new out-of-office
// comes back to stop the step.
func TestALiftedHoldKeepsAnAbsenceInForce(t *testing.T) {
	back := time.Date(2026, 11, 18, 0, 0, 0, 0, berlin)
	for _, c := range []struct {
		name  string
		holds func(w *fuWorld)
	}{
		{"out-of-office, then a relay", func(w *fuWorld) {
			hansAway(w, day0.Add(20*time.Minute))
			relayHold(w)
		}},
		{"a relay, then out-of-office", func(w *fuWorld) {
			relayHold(w)
			hansAway(w, day0.Add(3*time.Hour))
			if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() {
				t.Fatalf("the out-of-office ended the hold: %s until %v, %q", e.Status, e.PausedUntil, e.Reason)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			c.holds(w)
			q := day0.AddDate(0, 0, 1)
			lilyWrites(w, "pi-7@seller.example", q, true)
			w.run(q.Add(time.Hour))
			for d := 3; d <= 14; d++ {
				w.run(q.AddDate(0, 0, d).Add(time.Hour))
			}
			for _, it := range w.outbox() {
				if it.Origin == "sequence" {
					t.Fatalf("a step went to Hans while he is away: In-Reply-To %s, due %s", it.InReplyTo, it.DueAt)
				}
			}
			e := w.enrollment()
			if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(back) || e.PausedByPerson ||
				!strings.HasPrefix(e.Reason, "out of office: hans@buyer.de") || !strings.Contains(e.Reason, "; resumed: lily@seller.example wrote") {
				t.Fatalf("the follow-up: %s until %v, %q\nwant paused until %v for Hans's absence", e.Status, e.PausedUntil, e.Reason, back)
			}
			inChinese(t, e.Reason)
		})
	}
}

// A mail filter's challenge that a later answer passed on would have
// replaced is still what holds the follow-up: Lily's question shows she
// read the answer, not that the sender was confirmed, so the steps would
// wait in the filter.
func TestARelayAfterAChallengeKeepsTheChallenge(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	challengeHold(w)
	r := w.msg("relay-9@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(3*time.Hour))
	r.Snippet = "Ticket #4711 updated. Li Wei commented: please send the proforma for 200 pcs."
	w.save("lily", "INBOX", r)
	w.run(day0.Add(4 * time.Hour))
	if e := w.enrollment(); !strings.HasPrefix(e.Reason, "on hold: a mail filter asks to confirm the sender") || !strings.HasSuffix(e.Reason, "; and an automatic answer from hans@buyer.de passes on a person's words: read it") {
		t.Fatalf("after the relay: %s, %q\nwant the challenge, and the relay to read", e.Status, e.Reason)
	} else {
		inChinese(t, e.Reason)
	}
	q := day0.AddDate(0, 0, 1)
	lilyWrites(w, "pi-9@seller.example", q, true)
	w.run(q.Add(time.Hour))
	for d := 3; d <= 8; d++ {
		w.run(q.AddDate(0, 0, d).Add(time.Hour))
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || !strings.HasPrefix(e.Reason, "on hold: a mail filter asks to confirm the sender") {
		t.Fatalf("the follow-up: %s until %v, %q\nwant held for the challenge", e.Status, e.PausedUntil, e.Reason)
	}
	inChinese(t, e.Reason)
	for _, it := range w.outbox() {
		if it.Origin == "sequence" {
			t.Fatalf("a step went into the filter: In-Reply-To %s", it.InReplyTo)
		}
	}
}

// The same with a teammate's mail that has no mailbox to send from coming
// after the challenge: the challenge stays what holds the follow-up, and
// Lily's question does not lift it.
func TestAMailWithNoMailboxAfterAChallengeKeepsTheChallenge(t *testing.T) {
	w := peterWorld(t)
	w.run(day0.Add(time.Minute))
	challengeHold(w)
	p := w.msg("p-8@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 1), "q-1@seller.example")
	p.From = keepwarm.Address{Name: "Peter Wang", Email: "peter@seller.example"}
	p.Cc = []keepwarm.Address{{Email: "lily@seller.example"}}
	p.Text = "Hans, we can do USD 17.90 if you order 1000 pcs, can you confirm by Friday?"
	p.Snippet = p.Text
	w.save("lily", "INBOX", p)
	w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
	if e := w.enrollment(); !strings.HasPrefix(e.Reason, "on hold: a mail filter asks to confirm the sender") || !strings.Contains(e.Reason, "; peter@seller.example wrote in the thread after the mail of 2 November") {
		t.Fatalf("after Peter's mail: %s, %q\nwant the challenge, and Peter's mail to follow up", e.Status, e.Reason)
	}
	q := day0.AddDate(0, 0, 1).Add(2 * time.Hour)
	lilyWrites(w, "pi-8@seller.example", q, true)
	w.run(q.Add(time.Hour))
	for d := 3; d <= 8; d++ {
		w.run(q.AddDate(0, 0, d).Add(time.Hour))
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || !strings.HasPrefix(e.Reason, "on hold: a mail filter asks to confirm the sender") {
		t.Fatalf("the follow-up: %s until %v, %q\nwant held for the challenge", e.Status, e.PausedUntil, e.Reason)
	}
	for _, it := range w.outbox() {
		if it.Origin == "sequence" {
			t.Fatalf("a step went into the filter: In-Reply-To %s", it.InReplyTo)
		}
	}
}
