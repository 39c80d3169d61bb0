package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up of Lily's customer that failed in Tom's name is in Lily's
// digest, as on her desk, saying whose name it went in; Tom's lists it as
// his own.
func TestFailedFollowUpInAColleaguesNameIsInTheOwnersDigest(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	ctx := context.Background()
	lily, tom := "lily@lumina-export.example", "tom@lumina-export.example"
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: lily},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.a.DB.ClaimCustomer(ctx, msg.CustomerID, lily, t0, w.a.Cfg.Book.Rules()); err != nil {
		t.Fatal(err)
	}
	if c, err := w.a.DB.Customer(ctx, msg.CustomerID); err != nil || c.Owner != lily {
		t.Fatalf("the customer: %+v %v, want Lily's", c, err)
	}
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer", Step: 1,
		Status: keepwarm.EnrollFailed, Reason: "step 1 failed: 550 mailbox unavailable", AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0,
		Mailbox: "lily", Owner: tom, To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	digests := w.a.NewDigests(nil, nil)
	for person, want := range map[string]bool{lily: true, tom: true} {
		d, err := digests.BuildAll(ctx, person, t0.Add(20*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got := len(d.Failed) == 1 && d.Failed[0].ID == e.ID
		if got != want || len(d.Failed) > 1 {
			t.Errorf("%s's digest: failed %+v, want it listed %v", person, d.Failed, want)
		}
		text := d.Text()
		if as := strings.Contains(text, "sent in Tom Wang's name"); as != (person == lily) {
			t.Errorf("%s's digest names Tom's name %v:\n%s", person, as, text)
		}
	}
}
