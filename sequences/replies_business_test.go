package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// In one week Lily answers one customer mail in 2 minutes and leaves
// another unanswered since Tuesday 10:00: on Thursday it is two working
// days past its 10-minute target, a breach counting working hours too, so
// the business-hours share is 1 of 2, not 1 of the 1 answered. A mail
// left since Saturday is no business-hours breach on Sunday: no working
// time has passed.
func TestBusinessShareCountsUnansweredMailPastItsTarget(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	ctx := context.Background()
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai, the team's zone
	q1 := ask("biz-q1@globex.de", lilyUser, "Price list")
	w.deliver(lilyUser, "INBOX", q1, tue)
	w.deliver(lilyUser, "Sent", answer("biz-a1@acme", lilyUser, "Price list", q1.MessageID), tue.Add(2*time.Minute))
	w.deliver(lilyUser, "INBOX", ask("biz-q2@globex.de", lilyUser, "Samples"), tue.Add(time.Hour))
	w.sync()
	thu := tue.Add(48 * time.Hour)
	if _, err := w.watch.Measure(ctx, thu); err != nil {
		t.Fatal(err)
	}
	rep, err := w.db.ReplyReport(ctx, store.ReplyReportFilter{Since: t0, Until: thu, Now: thu})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Total.ShareWithinBusiness; s == nil || *s != 0.5 {
		t.Fatalf("business-hours share %v, want 0.5 (one answered within, one unanswered past its target): %+v", s, rep.Total)
	}
	if s := rep.Total.ShareWithinTarget; s == nil || *s != 0.5 {
		t.Fatalf("share %v", s)
	}

	// Saturday 10:00 to Sunday 10:00: a day waited, no working hour.
	sat := t0.Add(5*24*time.Hour + time.Hour)
	w.deliver(lilyUser, "INBOX", ask("biz-q3@globex.de", lilyUser, "Catalogue"), sat)
	w.sync()
	sun := sat.Add(24 * time.Hour)
	if _, err := w.watch.Measure(ctx, sun); err != nil {
		t.Fatal(err)
	}
	rep, err = w.db.ReplyReport(ctx, store.ReplyReportFilter{Since: sat.Add(-time.Hour), Until: sun, Now: sun})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Overdue != 1 || rep.Total.ShareWithinBusiness != nil {
		t.Fatalf("the weekend's mail: overdue %d, business share %v (want none known yet)", rep.Total.Overdue, rep.Total.ShareWithinBusiness)
	}
}
