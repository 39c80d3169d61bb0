package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// lilyAsksUte stores Lily's mail in the quotation's thread to Hans's
// colleague Ute alone (with Hans too when withHans), asking something,
// written at at.
func lilyAsksUte(w *fuWorld, id string, at time.Time, withHans bool) keepwarm.Message {
	w.t.Helper()
	m := w.msg(id, keepwarm.KindOutbound, "Re: Quotation LED panels", at, "q-1@seller.example")
	m.To, m.Contacts = []keepwarm.Address{{Email: ute.Email}}, []keepwarm.Address{ute}
	if withHans {
		m.Cc, m.Contacts = []keepwarm.Address{{Email: hans.Email}}, []keepwarm.Address{ute, hans}
	}
	m.Text = "Dear Ute, Hans asked me to send you the specs. Could you confirm the quantity by Friday?"
	m.Snippet = m.Text
	w.save("lily", "Sent", m)
	return m
}

// Lily quotes Hans, then writes in the same thread to his colleague Ute
// alone, asking her something. The follow-up of the quotation goes on to
// Hans on its own days, and Ute's question is listed as not followed up,
// saying why and what to do (in Chinese too): it was followed up by
// nothing while Hans's ran, and set aside as too old or chased days late
// after it, with nobody told.
func TestAMailToAnotherContactInAFollowedUpThreadIsNamed(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	before := w.enrollment()
	at := day0.AddDate(0, 0, 1)
	m := lilyAsksUte(w, "ute-1@seller.example", at, false)
	w.run(at.Add(time.Hour))
	e := w.enrollment()
	if e.ID != before.ID || e.Status != keepwarm.EnrollActive || !e.ClockAt.Equal(before.ClockAt) || !e.DueAt.Equal(before.DueAt) || emails(e.To) != "hans@buyer.de" {
		t.Fatalf("Hans's follow-up: %d %s clock %s due %s to %s, want %d active clock %s due %s", e.ID, e.Status, e.ClockAt, e.DueAt, emails(e.To), before.ID, before.ClockAt, before.DueAt)
	}
	skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var got *keepwarm.FollowUpSkip
	for i := range skips {
		if skips[i].SentAt.Equal(m.Date) {
			got = &skips[i]
		}
	}
	want := "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand"
	if got == nil || got.Reason != keepwarm.SkipOtherContacts || got.Detail != want {
		t.Fatalf("Ute's mail: %+v\nwant %s, %q", got, keepwarm.SkipOtherContacts, want)
	}
	if zh := zhtext.Err(got.Detail); zh == got.Detail || strings.Contains(zh, "running") {
		t.Fatalf("the reason in Chinese: %q", zh)
	}
	// Hans's follow-up ends; Ute's mail is not chased days late after it.
	for d := 2; d <= 12; d++ {
		w.run(day0.AddDate(0, 0, d).Add(3 * time.Hour))
	}
	for _, it := range w.outbox() {
		if it.InReplyTo == m.Key || strings.Contains(emails(it.To), "ute@") {
			t.Fatalf("Ute's mail is followed up after the reason said to do it by hand: %+v", it)
		}
	}
}

// A mail in the thread to Hans and Ute is one to Hans: the follow-up
// restarts on it, and nothing is listed as not followed up.
func TestAMailToTheContactAndAnotherRestartsTheFollowUp(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	at := day0.AddDate(0, 0, 1)
	m := lilyAsksUte(w, "ute-2@seller.example", at, true)
	w.run(at.Add(time.Hour))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollActive || !e.ClockAt.Equal(m.Date) {
		t.Fatalf("the follow-up: %s clock %s, want active from %s", e.Status, e.ClockAt, m.Date)
	}
	skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) > 0 {
		t.Fatalf("listed as not followed up: %+v", skips)
	}
}

// Hans answers the quotation ("send the specs to my colleague Ute") and
// Lily writes to Ute minutes later; both are read by the same look. Hans's
// follow-up ends as answered in that look, so none runs in the thread:
// Lily's question to Ute is not set aside as "to follow up by hand" for
// good, it gets its own follow-up.
func TestAMailToAnotherContactIsFollowedUpWhenTheThreadsFollowUpEndsInTheSameLook(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	hansE := w.enrollment()
	at := day0.AddDate(0, 0, 1)
	ans := w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", at, "q-1@seller.example")
	ans.Text = "Thank you. Please send the specs to my colleague Ute and ask her for the quantity."
	ans.Snippet = ans.Text
	w.save("lily", "INBOX", ans)
	m := lilyAsksUte(w, "ute-3@seller.example", at.Add(2*time.Minute), false)
	w.run(at.Add(5 * time.Minute))
	w.run(at.AddDate(0, 0, 1))
	all, err := w.db.ListEnrollments(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	var hansNow, uteE *keepwarm.Enrollment
	for i := range all {
		switch {
		case all[i].ID == hansE.ID:
			hansNow = &all[i]
		case all[i].AnchorAt.Equal(m.Date):
			uteE = &all[i]
		}
	}
	if hansNow == nil || hansNow.Status != keepwarm.EnrollReplied {
		t.Fatalf("Hans's follow-up: %+v, want replied", hansNow)
	}
	if uteE == nil || emails(uteE.To) != "ute@buyer.de" || !uteE.Status.Live() {
		t.Fatalf("Lily's question to Ute has no follow-up of its own: %+v", all)
	}
	skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range skips {
		if s.Reason == keepwarm.SkipOtherContacts {
			t.Fatalf("set aside to follow up by hand: %+v", s)
		}
	}
}

// Set aside while Hans's follow-up ran, Lily's question to Ute is looked at
// again once a person stops his: it gets its own follow-up, and leaves the
// list of mails to follow up by hand.
func TestAMailToAnotherContactIsFollowedUpOnceTheThreadsFollowUpIsStopped(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	at := day0.AddDate(0, 0, 1)
	m := lilyAsksUte(w, "ute-4@seller.example", at, false)
	w.run(at.Add(time.Hour))
	skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
	if err != nil || len(skips) != 1 || skips[0].Reason != keepwarm.SkipOtherContacts {
		t.Fatalf("Ute's mail while Hans's follow-up runs: %+v %v", skips, err)
	}
	e := w.enrollment()
	e.Status, e.Reason, e.UpdatedAt = keepwarm.EnrollStopped, "stopped by lily@seller.example", at.Add(2*time.Hour)
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	w.run(at.Add(3 * time.Hour))
	all, err := w.db.ListEnrollments(ctx, w.cid)
	if err != nil {
		t.Fatal(err)
	}
	var uteE *keepwarm.Enrollment
	for i := range all {
		if all[i].AnchorAt.Equal(m.Date) {
			uteE = &all[i]
		}
	}
	if uteE == nil || emails(uteE.To) != "ute@buyer.de" || !uteE.Status.Live() {
		t.Fatalf("Lily's question to Ute has no follow-up once Hans's was stopped: %+v", all)
	}
	if skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{}); err != nil || len(skips) != 0 {
		t.Fatalf("still listed as not followed up: %+v %v", skips, err)
	}
}
