package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Hans is away until 30 November. Lily writes to him in the thread
// meanwhile, and the manager puts a step before the resend: the follow-up
// stays paused, still saying whose absence and until when, and the
// weekly summary still counts it among the out-of-office pauses.
func TestAnOutOfOfficePauseKeepsItsReason(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute)) // the resend goes
	ooo := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Abwesenheitsnotiz", day0.AddDate(0, 0, 3).Add(time.Hour))
	ooo.AutoReplyUntil = time.Date(2026, 11, 30, 0, 0, 0, 0, berlin)
	w.save("lily", "INBOX", ooo)
	w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
	outOfOffice := func(when string) {
		t.Helper()
		e := w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "out of office: hans@buyer.de") {
			t.Fatalf("%s: %s (%s)", when, e.Status, e.Reason)
		}
		if f := sequences.BuildFunnel([]keepwarm.Enrollment{e}, nil, day0.AddDate(0, 0, -1), day0.AddDate(0, 0, 30)); f.Total.OutOfOffice != 1 {
			t.Fatalf("%s: the summary counts %d out-of-office pauses (%s)", when, f.Total.OutOfOffice, e.Reason)
		}
	}
	outOfOffice("paused")
	w.save("lily", "Sent", w.mail("q-1b@seller.example", keepwarm.KindOutbound, "hans", "Re: Quotation LED panels",
		"Dear Hans, here is the revised quotation with the new price.", day0.AddDate(0, 0, 4), "q-1@seller.example"))
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	outOfOffice("after Lily's mail")
	if r := w.enrollment().Reason; !strings.Contains(r, "step clock restarted") {
		t.Fatalf("the restart is not said: %s", r)
	}
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"", newFirstStep)
	if _, err := w.job.Reload(context.Background(), defs, set, day0.AddDate(0, 0, 5)); err != nil {
		t.Fatal(err)
	}
	w.run(day0.AddDate(0, 0, 5).Add(time.Minute))
	if r := w.enrollment().Reason; !strings.Contains(r, "changed under this follow-up") {
		t.Fatalf("the change is not said: %s", r)
	}
	outOfOffice("after the sequence changed")
}
