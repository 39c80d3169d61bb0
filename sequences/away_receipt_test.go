package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestOwnReceiptIsNoAbsence: Lily's standing responder acknowledges every
// inquiry ("we have received your message and will reply within 24
// hours"). That is no absence: the nudge for the inquiry it answered goes
// to Lily, who is at her desk, not to Tom as her cover.
func TestOwnReceiptIsNoAbsence(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := awayWorld(t, srv)
		w.deliver(lilyUser, "INBOX", ask("rcpt-q1@globex.de", lilyUser, "Price list"), t0)
		w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily <" + lilyUser + ">", To: "hans@globex.de",
			Subject: "Automatic reply: Price list", MessageID: "rcpt1@acme", Extra: []string{"Auto-Submitted: auto-replied"},
			Body: "Thank you for your inquiry. We have received your message and will reply within 24 hours."}, t0.Add(5*time.Second))
		w.sync()
		if r, cover, err := w.watch.Recipient(context.Background(), lilyUser, t0.Add(time.Minute)); err != nil || r != lilyUser || cover != nil {
			t.Fatalf("Recipient(lily) after her acknowledgement = %q, %+v, %v; want Lily, no cover", r, cover, err)
		}
		w.tickAt(t0.Add(11 * time.Minute))
		got := w.nudges()
		if len(got) != 1 || got[0].To[0] != lilyUser {
			t.Fatalf("nudges after Lily's acknowledgement: %+v", got)
		}
	})
}

// An acknowledgement copied into the Sent of a shared mailbox Lily owns,
// From its own address, is no absence either; one that also says she is
// out of the office is.
func TestSharedMailboxReceiptIsNoAbsence(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := newAwayStore(t, at)
	receipt := ownOOO("rcpt-s1@acme", at, time.Time{})
	receipt.From = keepwarm.Address{Email: "sales@" + teamDomain}
	receipt.Snippet = "Thank you for your inquiry. We have received your message and will reply within 24 hours."
	s.saveMail("shared", "Sent", receipt)
	away := s.awayWith(map[string]string{"shared": lilyUser})
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(time.Hour)); err != nil || to != lilyUser || cover != nil {
		t.Fatalf("Recipient(lily) after the shared box's acknowledgement = %q, %+v, %v; want Lily", to, cover, err)
	}
	ooo := ownOOO("rcpt-s2@acme", at.Add(2*time.Hour), time.Time{})
	ooo.From = keepwarm.Address{Email: "sales@" + teamDomain}
	ooo.Snippet = "We have received your message. I am out of the office with limited access to email."
	s.saveMail("shared", "Sent", ooo)
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(3*time.Hour)); err != nil || to != tomUser || cover == nil {
		t.Fatalf("Recipient(lily) after an acknowledgement saying she is out = %q, %+v, %v; want Tom", to, cover, err)
	}
}

// An out-of-office without a date sent From the shared sales@ in a
// mailbox Lily owns ends with her next normal mail, which she writes From
// her own address.
func TestUndatedAbsenceEndsWithMailFromAnotherOwnAddress(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := newAwayStore(t, at)
	ooo := ownOOO("ooo-s1@acme", at, time.Time{})
	ooo.From = keepwarm.Address{Email: "sales@" + teamDomain}
	s.saveMail("shared", "Sent", ooo)
	away := s.awayWith(map[string]string{"shared": lilyUser})
	if to, _, err := away.Recipient(context.Background(), lilyUser, at.Add(30*time.Minute)); err != nil || to != tomUser {
		t.Fatalf("Recipient(lily) after the shared box's out-of-office = %q, %v; want Tom", to, err)
	}
	s.saveMail("lily", "Sent", keepwarm.Message{MessageID: "norm-s1@acme", Subject: "RE: Terms", Date: at.Add(time.Hour),
		Kind: keepwarm.KindOutbound, From: keepwarm.Address{Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}})
	if to, cover, err := away.Recipient(context.Background(), lilyUser, at.Add(2*time.Hour)); err != nil || to != lilyUser {
		t.Fatalf("Recipient(lily) after her own normal mail = %q, %+v, %v; want Lily", to, cover, err)
	}
}

// A responder that keeps answering shows the absence from its first
// answer, not its latest.
func TestOutOfOfficeStartsAtItsFirstAnswer(t *testing.T) {
	first := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	back := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	s := newAwayStore(t, first)
	// An earlier run, ended by a normal mail, is not this absence's start.
	s.saveMail("lily", "Sent", ownOOO("ooo-r0@acme", first.Add(-72*time.Hour), time.Time{}))
	s.saveMail("lily", "Sent", keepwarm.Message{MessageID: "norm-r0@acme", Subject: "RE: Terms", Date: first.Add(-48 * time.Hour),
		Kind: keepwarm.KindOutbound, From: keepwarm.Address{Email: lilyUser}, To: []keepwarm.Address{{Email: "hans@globex.de"}},
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}})
	s.saveMail("lily", "Sent", ownOOO("ooo-r1@acme", first, back))
	s.saveMail("lily", "Sent", ownOOO("ooo-r2@acme", first.Add(9*24*time.Hour+7*time.Hour), back))
	r, err := s.away().Roster(context.Background(), first.Add(10*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	cur := r.Current()
	if len(cur) != 1 || !cur[0].From.Equal(first) || !cur[0].Until.Equal(back) {
		t.Fatalf("absences on 30 December: %+v; want one from 20 December to 5 January", cur)
	}
}
