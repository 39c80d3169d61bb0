package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
)

const tom = "tom@seller.example"

// newHandsWorld is a world whose customer is Lily's, with Lily away from
// awayFrom (zero: never) for a week.
func newHandsWorld(t *testing.T, awayFrom time.Time) *fuWorld {
	t.Helper()
	w := newFUWorld(t, "A")
	owner := lily
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Owner: &owner}, day0, "test"); err != nil {
		t.Fatal(err)
	}
	if awayFrom.IsZero() {
		return w
	}
	away := sequences.NewAway(sequences.AwayConfig{
		Configured:  []keepwarm.Absence{{Person: lily, From: awayFrom, Until: awayFrom.AddDate(0, 0, 7), Source: keepwarm.AwayConfig}},
		Salespeople: map[string]bool{lily: true},
	}, w.db)
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Away, c.WhileAway = away, func(string) bool { return false }
	})
	return w
}

// queued runs the world until the resend is queued (Thursday 5 November,
// 09:06 Berlin) and returns it.
func (w *fuWorld) queued() keepwarm.OutboxItem {
	w.t.Helper()
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	items := w.outbox()
	if len(items) != 1 || items[0].Status != keepwarm.OutboxQueued {
		w.t.Fatalf("want the resend queued: %+v", items)
	}
	return items[0]
}

// A resend queued in Lily's name does not go out after the customer went
// back to the pool (released, or its claim's deadline passed): the last
// look skips it and stops the follow-up with the reason the queue-time
// check gives, also when the item was held while Lily is away (the hold
// no longer keeps it waiting for her).
func TestAQueuedFollowUpStopsWhenTheCustomerGoesBackToThePool(t *testing.T) {
	ctx := context.Background()
	due := day0.AddDate(0, 0, 3)
	t.Run("released", func(t *testing.T) {
		w := newHandsWorld(t, time.Time{})
		item := w.queued()
		if err := w.db.ReleaseCustomer(ctx, w.cid, due.Add(time.Minute), lily); err != nil {
			t.Fatal(err)
		}
		if h, err := w.job.Hold(ctx, item, due.Add(2*time.Minute)); h != nil || err != nil {
			t.Fatalf("Hold: %+v %v", h, err)
		}
		reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
		want := "went back to the pool on 2026-11-05 (let go by " + lily + "): no follow-up in their name"
		if err != nil || !strings.Contains(reason, want) {
			t.Fatalf("Recheck after the release: %q %v", reason, err)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, want) {
			t.Fatalf("the enrollment after the last look: %s %q", e.Status, e.Reason)
		}
	})
	t.Run("held while away, then released", func(t *testing.T) {
		from := due.Add(time.Hour)
		w := newHandsWorld(t, from)
		item := w.queued()
		if h, err := w.job.Hold(ctx, item, from.Add(time.Minute)); h == nil || err != nil {
			t.Fatalf("while Lily is away: %+v %v", h, err)
		}
		if err := w.db.ReleaseCustomer(ctx, w.cid, from.Add(2*time.Minute), "manager"); err != nil {
			t.Fatal(err)
		}
		// Not held for her return: the dispatcher goes on to the last look,
		// which stops it.
		if h, err := w.job.Hold(ctx, item, from.Add(3*time.Minute)); h != nil || err != nil {
			t.Fatalf("Hold after the release: %+v %v", h, err)
		}
		reason, err := w.job.Recheck(ctx, item, from.Add(3*time.Minute))
		var hold *keepwarm.Hold
		if errors.As(err, &hold) || !strings.Contains(reason, "went back to the pool") {
			t.Fatalf("Recheck after the release: %q %v", reason, err)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
	})
	t.Run("claim expired", func(t *testing.T) {
		w := newFUWorld(t, "A")
		rules := book.DefaultRules()
		rules.ClaimDeadline = 4 * 24 * time.Hour
		if err := w.db.ClaimCustomer(ctx, w.cid, lily, day0, rules); err != nil {
			t.Fatal(err)
		}
		item := w.queued()
		back, err := w.db.ReturnExpiredClaims(ctx, day0.AddDate(0, 0, 4))
		if err != nil || len(back) != 1 {
			t.Fatalf("returned: %v %v", back, err)
		}
		at := day0.AddDate(0, 0, 4).Add(time.Hour) // Friday 10:06 Berlin
		reason, err := w.job.Recheck(ctx, item, at)
		if err != nil || !strings.Contains(reason, "went back to the pool on 2026-11-06 (let go by "+lily+")") {
			t.Fatalf("Recheck after the claim expired: %q %v", reason, err)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
	})
}

// A customer handed by hand from Lily to Tom: Lily's follow-up stops at
// its next look, queued or not, naming Tom, who follows up in his own
// name. Handed back to Lily before the step, it goes on.
func TestAFollowUpStopsWhenTheCustomerIsHandedToAnother(t *testing.T) {
	ctx := context.Background()
	due := day0.AddDate(0, 0, 3)
	want := func(day string) string {
		return "handed to " + tom + " on " + day + ": no follow-up in " + lily + "'s name; " + tom + " can follow up in their own name"
	}
	hand := func(w *fuWorld, to string, at time.Time) {
		t.Helper()
		if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &to}, at, "manager"); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("before the step", func(t *testing.T) {
		w := newHandsWorld(t, time.Time{})
		w.run(day0.Add(time.Minute))
		hand(w, tom, day0.AddDate(0, 0, 2))
		w.run(due)
		if items := w.outbox(); len(items) != 0 {
			t.Fatalf("queued after the hand-over: %+v", items)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, want("2026-11-04")) {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
	})
	t.Run("queued, then handed over", func(t *testing.T) {
		from := due.Add(time.Hour)
		w := newHandsWorld(t, from) // held while Lily is away
		item := w.queued()
		hand(w, tom, due.Add(30*time.Minute))
		if h, err := w.job.Hold(ctx, item, from.Add(time.Minute)); h != nil || err != nil {
			t.Fatalf("Hold after the hand-over: %+v %v", h, err)
		}
		reason, err := w.job.Recheck(ctx, item, from.Add(time.Minute))
		if err != nil || !strings.Contains(reason, want("2026-11-05")) {
			t.Fatalf("Recheck after the hand-over: %q %v", reason, err)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, want("2026-11-05")) {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
	})
	t.Run("handed back", func(t *testing.T) {
		w := newHandsWorld(t, time.Time{})
		w.run(day0.Add(time.Minute))
		hand(w, tom, day0.AddDate(0, 0, 1))
		hand(w, lily, day0.AddDate(0, 0, 2))
		item := w.queued()
		if reason, err := w.job.Recheck(ctx, item, due.Add(time.Minute)); reason != "" || err != nil {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
	})
}

// The day in a stop reason is the reader's: Lily works in Shanghai, and a
// release or a hand-over at 01:00 there (17:00 UTC the day before) is dated
// her day, not the UTC one.
func TestAStopReasonIsDatedInTheOwnersZone(t *testing.T) {
	ctx := context.Background()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	inShanghai := func(c *sequences.FollowUpConfig) {
		c.PersonLocation = func(string) *time.Location { return shanghai }
	}
	t.Run("released", func(t *testing.T) {
		w := newHandsWorld(t, time.Time{})
		w.rejob(inShanghai)
		item := w.queued()
		at := time.Date(2026, 11, 6, 1, 0, 0, 0, shanghai) // 5 November, 17:00 UTC
		if err := w.db.ReleaseCustomer(ctx, w.cid, at, lily); err != nil {
			t.Fatal(err)
		}
		reason, err := w.job.Recheck(ctx, item, at.Add(time.Minute))
		if err != nil || !strings.Contains(reason, "went back to the pool on 2026-11-06 ") {
			t.Fatalf("Recheck after the release: %q %v", reason, err)
		}
	})
	t.Run("handed over", func(t *testing.T) {
		w := newHandsWorld(t, time.Time{})
		w.rejob(inShanghai)
		w.run(day0.Add(time.Minute))
		to := tom
		at := time.Date(2026, 11, 4, 1, 0, 0, 0, shanghai) // 3 November, 17:00 UTC
		if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &to}, at, "manager"); err != nil {
			t.Fatal(err)
		}
		w.run(day0.AddDate(0, 0, 3))
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "handed to "+tom+" on 2026-11-04:") {
			t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
		}
	})
}

// Mail older than max_age is "sent" on its sender's day: Lily's letter of
// 13 October, 01:00 in Shanghai, is not dated the 12th.
func TestTooOldIsDatedInTheSendersZone(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.PersonLocation = func(who string) *time.Location {
			if who == lily {
				return shanghai
			}
			return nil
		}
	})
	sent := time.Date(2026, 10, 13, 1, 0, 0, 0, shanghai)
	w.save("lily", "Sent", w.mail("old@seller.example", keepwarm.KindOutbound, "buyer9", "Quotation old", "Our offer.", sent))
	w.run(day0.Add(2 * time.Hour))
	skips, err := w.db.FollowUpSkips(context.Background(), w.cid, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range skips {
		if s.Subject == "Quotation old" {
			if s.Reason != keepwarm.SkipTooOld || !strings.HasPrefix(s.Detail, "sent 2026-10-13,") {
				t.Fatalf("the old letter: %s %q", s.Reason, s.Detail)
			}
			return
		}
	}
	t.Fatalf("the old letter is not recorded: %+v", skips)
}

// Tom, a colleague, wrote to Lily's customer from his own mailbox: his
// follow-up speaks for him, not for the customer's owner. Handing the
// customer from Lily to Mark stops Lily's own follow-up, not Tom's; handed
// to Tom and then on to Mark, it was his and is no longer: his stops too.
func TestAHandOverStopsOnlyTheFollowUpOfWhomItWasTakenFrom(t *testing.T) {
	ctx := context.Background()
	const mark = "mark@seller.example"
	for _, tc := range []struct {
		name    string
		hands   []string
		tomGoes bool
	}{
		{"from Lily to Mark", []string{mark}, true},
		{"from Lily to Tom to Mark", []string{tom, mark}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newHandsWorld(t, time.Time{})
			w.rejob(func(c *sequences.FollowUpConfig) {
				c.Identities = append(c.Identities, sequences.Identity{Mailbox: "tom", Owner: tom, Email: tom, Name: "Tom Wu"})
				c.People = map[string]string{lily: lily, tom: tom}
			})
			q := w.mail("q-tom@seller.example", keepwarm.KindOutbound, "fritz", "Datasheet questions",
				"Dear Fritz, which operating temperature do your panels need? Best regards, Tom Wu", day0.Add(time.Hour))
			q.From = keepwarm.Address{Name: "Tom Wu", Email: tom}
			w.save("tom", "Sent", q)
			w.run(day0.Add(2 * time.Hour))
			if e := w.enrollmentOf(w.threadOf("q-tom@seller.example")); e.Owner != tom || e.Status != keepwarm.EnrollActive {
				t.Fatalf("Tom's mail is followed up as %s: %s", e.Owner, e.Status)
			}
			for i, to := range tc.hands {
				if err := w.db.SetCustomer(ctx, w.cid, store.CustomerChange{Owner: &to}, day0.AddDate(0, 0, 1+i), "manager"); err != nil {
					t.Fatal(err)
				}
			}
			w.run(day0.AddDate(0, 0, 3).Add(2 * time.Hour))
			if e := w.enrollmentOf(w.threadOf("q-1@seller.example")); e.Status != keepwarm.EnrollStopped ||
				!strings.Contains(e.Reason, "handed to "+mark+" on ") || !strings.Contains(e.Reason, "no follow-up in "+lily+"'s name") {
				t.Fatalf("Lily's follow-up: %s %q", e.Status, e.Reason)
			}
			e := w.enrollmentOf(w.threadOf("q-tom@seller.example"))
			queued := false
			for _, it := range w.outbox() {
				queued = queued || it.InReplyTo == "q-tom@seller.example" && it.From.Email == tom
			}
			if tc.tomGoes && (e.Status != keepwarm.EnrollActive || !queued) {
				t.Fatalf("Tom's own follow-up after the hand-over: %s %q, resend queued %v", e.Status, e.Reason, queued)
			}
			if !tc.tomGoes && (e.Status != keepwarm.EnrollStopped || queued || !strings.Contains(e.Reason, "no follow-up in "+tom+"'s name")) {
				t.Fatalf("Tom's follow-up after the customer was his and went on: %s %q, resend queued %v", e.Status, e.Reason, queued)
			}
		})
	}
}

// Lily lets her customer go after her quotation was enrolled; Tom claims
// it and answers in the same thread with an offer of his own before the
// first step is due. The follow-up now follows up Tom's mail in his name:
// Lily's release came before Tom wrote, so it does not stop it (it did:
// the release was counted from when Lily's mail was enrolled, and Tom's
// offer, now the mail the stopped follow-up was anchored on, was never
// followed up). A release after Tom wrote still stops it.
func TestANewOwnersMailInALetGoThreadIsFollowedUp(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		releaseLate bool
	}{
		{"let go before the new owner wrote", false},
		{"let go after the new owner wrote", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newHandsWorld(t, time.Time{})
			w.rejob(func(c *sequences.FollowUpConfig) {
				c.Identities = append(c.Identities, sequences.Identity{Mailbox: "tom", Owner: tom, Email: tom, Name: "Tom Wu"})
				c.People = map[string]string{lily: lily, tom: tom}
			})
			w.run(day0.Add(time.Minute))
			if err := w.db.ReleaseCustomer(ctx, w.cid, day0.AddDate(0, 0, 1), lily); err != nil {
				t.Fatal(err)
			}
			if err := w.db.ClaimCustomer(ctx, w.cid, tom, day0.AddDate(0, 0, 1).Add(time.Hour), book.DefaultRules()); err != nil {
				t.Fatal(err)
			}
			wrote := day0.AddDate(0, 0, 2)
			offer := w.mail("offer-tom@seller.example", keepwarm.KindOutbound, "hans", "Re: Quotation LED panels",
				"Dear Hans, I now look after your account. We can offer the panels at 41.50 USD FOB Ningbo; shall I send a proforma? Best regards, Tom Wu",
				wrote, "q-1@seller.example")
			offer.From = keepwarm.Address{Name: "Tom Wu", Email: tom}
			w.save("tom", "Sent", offer)
			w.run(wrote.Add(time.Minute))
			if e := w.enrollment(); e.SignedBy() != tom || e.Status != keepwarm.EnrollActive {
				t.Fatalf("after Tom's offer the follow-up is %s's: %s %q", e.SignedBy(), e.Status, e.Reason)
			}
			if tc.releaseLate {
				if err := w.db.ReleaseCustomer(ctx, w.cid, wrote.Add(time.Hour), tom); err != nil {
					t.Fatal(err)
				}
			}
			w.run(wrote.AddDate(0, 0, 7))
			e := w.enrollment()
			var resend *keepwarm.OutboxItem
			for _, it := range w.outbox() {
				if it.InReplyTo == "offer-tom@seller.example" && it.From.Email == tom {
					resend = &it
				}
			}
			if tc.releaseLate {
				if e.Status != keepwarm.EnrollStopped || resend != nil || !strings.Contains(e.Reason, "let go by "+tom) {
					t.Fatalf("Tom let go after his offer: %s %q, resend %v", e.Status, e.Reason, resend)
				}
				return
			}
			if e.Status == keepwarm.EnrollStopped || resend == nil {
				t.Fatalf("Tom's offer is not followed up: %s %q, outbox %+v", e.Status, e.Reason, w.outbox())
			}
		})
	}
}
