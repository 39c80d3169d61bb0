package app

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// Hans's private mail waits past its target on Lily's customer; the
// manager then hands the customer to Tom. The breach stays counted to
// Lily, but it is Tom whom the desk and the nudges now ask to answer it:
// Tom's replies report lists it (with its links), naming him as its owner
// now, and so does the weekly summary's reading of the breaches.
func TestReportListsAWaitingBreachToItsOwnerAfterAHandover(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, tom, mgr = "lily@lumina-export.example", "tom@lumina-export.example", "manager@lumina-export.example"
	b, db, id, _, priv := colleaguesThreadRig(t, t0, lily)
	to := tom
	if err := db.SetCustomer(ctx, priv, store.CustomerChange{Owner: &to}, t0.Add(2*time.Hour), mgr); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(3 * time.Hour)
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, now, "test", judge); err != nil {
		t.Fatal(err)
	}
	for _, p := range []web.Person{{Email: tom, Name: "Tom"}, {Email: lily, Name: "Lily"}, {Email: mgr, Name: "Manager", Manager: true}} {
		r, err := b.Report(ctx, p, "replies", now)
		if err != nil {
			t.Fatal(err)
		}
		var got *web.Breach
		for i := range r.Breaches {
			if r.Breaches[i].MessageID == id {
				got = &r.Breaches[i]
			}
		}
		if got == nil {
			t.Errorf("%s's report does not list the breach: %+v", p.Email, r.Breaches)
			continue
		}
		if got.Salesperson != lily || got.OwnerNow != tom {
			t.Errorf("%s's report: counted to %q, owner now %q; want %s, %s", p.Email, got.Salesperson, got.OwnerNow, lily, tom)
		}
		if p.Email == tom && !got.Open {
			t.Errorf("Tom's report lists the mail he is asked to answer without its link: %+v", got)
		}
	}
	table, err := (&digestSource{db: db}).Replies(ctx, t0.Add(-24*time.Hour), t0.Add(24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(table.Breaches) != 1 || table.Breaches[0].Owner != lily || table.Breaches[0].AnswerOwner != tom {
		t.Errorf("the summary's breaches: %+v", table.Breaches)
	}

	// Forty days on, the mail came before the report's 30 days: its list
	// of mail still waiting from before names it as the breaches did,
	// counted to Lily, owner now Tom, and so does the summary's.
	later := t0.AddDate(0, 0, 40)
	if _, err := db.MeasureReplies(ctx, later, "test", judge); err != nil {
		t.Fatal(err)
	}
	for _, p := range []web.Person{{Email: tom, Name: "Tom"}, {Email: mgr, Name: "Manager", Manager: true}} {
		r, err := b.Report(ctx, p, "replies", later)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Older) != 1 || r.Older[0].MessageID != id || r.Older[0].Salesperson != lily || r.Older[0].OwnerNow != tom {
			t.Errorf("%s's older list: %+v, want %d counted to %s, owner now %s", p.Email, r.Older, id, lily, tom)
		}
	}
	older, _, err := (&digestSource{db: db}).OlderWaiting(ctx, later.AddDate(0, 0, -7), later, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(older) != 1 || older[0].Owner != lily || older[0].AnswerOwner != tom {
		t.Errorf("the summary's older waiting: %+v", older)
	}
}

// Lily left the team before her customers were handed on: her mailbox is
// Tom's now, and the nudges of Hans's mail waiting past its target go to
// Tom, standing in (ReplyConfig.StandIn). Tom's replies report lists it,
// naming him as whom it waits for; the breach stays counted to Lily.
func TestReportListsAWaitingBreachToTheStandInOfAnOwnerWhoLeft(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, tom, mgr = "lily@lumina-export.example", "tom@lumina-export.example", "manager@lumina-export.example"
	_, db, id, _, _ := colleaguesThreadRig(t, t0, lily)
	rc := sequences.ReplyConfig{Manager: mgr, Team: map[string]bool{tom: true, mgr: true}, MailboxOwners: map[string]string{"sales": tom, "lily": tom}}
	if rc.StandIn(lily, "lily") != tom {
		t.Fatalf("the nudges of Lily's mail go to %q", rc.StandIn(lily, "lily"))
	}
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0),
		People:        []web.Person{{Email: tom, Name: "Tom"}, {Email: mgr, Name: "Manager", Manager: true}},
		MailboxOwners: rc.MailboxOwners, StandIn: rc.StandIn})
	now := t0.Add(3 * time.Hour)
	if _, err := db.MeasureReplies(ctx, now, "test", func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }); err != nil {
		t.Fatal(err)
	}
	r, err := b.Report(ctx, web.Person{Email: tom, Name: "Tom"}, "replies", now)
	if err != nil {
		t.Fatal(err)
	}
	var got *web.Breach
	for i := range r.Breaches {
		if r.Breaches[i].MessageID == id {
			got = &r.Breaches[i]
		}
	}
	if got == nil || got.Salesperson != lily || got.OwnerNow != tom {
		t.Fatalf("Tom's report: %+v", r.Breaches)
	}
	// Tom opens it, as his nudge's link does, but not Lily's customer's
	// page, which a stand-in does not get.
	if !got.Open || !got.NoPage {
		t.Errorf("Tom's report lists the mail he is asked to answer with links %v, page closed %v", got.Open, got.NoPage)
	}

	// A month on, the mail came before the report's 30 days: it is listed
	// among the mail still waiting from before, on Tom's page as on the
	// manager's, naming Tom, and Tom's count holds it.
	later := now.Add(31 * 24 * time.Hour)
	for _, p := range []web.Person{{Email: tom, Name: "Tom"}, {Email: mgr, Name: "Manager", Manager: true}} {
		r, err := b.Report(ctx, p, "replies", later)
		if err != nil {
			t.Fatal(err)
		}
		if r.OlderCount != 1 || len(r.Older) != 1 || r.Older[0].MessageID != id || r.Older[0].Owner != lily || r.Older[0].OwnerNow != tom {
			t.Errorf("%s's report, still waiting from before: %d %+v", p.Email, r.OlderCount, r.Older)
		} else if !r.Older[0].Open {
			t.Errorf("%s's report lists the mail still waiting from before without its link: %+v", p.Email, r.Older[0])
		}
	}
}

// Lily's customer Hans goes to the pool after his mail passed its target,
// and the mail's mailbox has no owner and the team no manager: nobody is
// asked to answer it. A period on, the report's list of mail still
// waiting from before names it counted to Lily and "owner now (pool)", as
// the period's breaches do, not as if Lily still had it.
func TestReportOlderListNamesThePoolForAPooledCustomer(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, mgr = "lily@lumina-export.example", "manager@lumina-export.example"
	b, db, id, _, priv := colleaguesThreadRig(t, t0, lily)
	if err := db.ReleaseCustomer(ctx, priv, t0.Add(2*time.Hour), mgr); err != nil {
		t.Fatal(err)
	}
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	later := t0.AddDate(0, 0, 40)
	if _, err := db.MeasureReplies(ctx, later, "test", judge); err != nil {
		t.Fatal(err)
	}
	r, err := b.Report(ctx, web.Person{Email: mgr, Name: "Manager", Manager: true}, "replies", later)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Older) != 1 || r.Older[0].MessageID != id || r.Older[0].Salesperson != lily || r.Older[0].OwnerNow != "(pool)" {
		t.Errorf("the older list: %+v, want %d counted to %s, owner now (pool)", r.Older, id, lily)
	}
}
