package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
)

// A customer handed to a colleague (or back to the pool) takes its open
// mail to the new owner's desk, but not its past: the clock that went past
// its target while Lily had the customer, and the mail she marked "no
// answer needed", stay in Lily's row of a report run again afterwards, and
// the breaches list names her. A clock still within its target when the
// customer moved is the new owner's to answer, and counts for them.
func TestReportKeepsTheOwnerABreachHappenedUnder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const lily, tom = "lily@team.example", "tom@team.example"
	for i, k := range []struct {
		key, subject string
		at           time.Duration
	}{
		{"late@acme", "Order 1", 0},
		{"thanks@acme", "Order 2", 2 * time.Minute},
		{"fresh@acme", "Order 3", 55 * time.Minute},
	} {
		q := msg(k.key)
		q.Subject, q.SubjectKey = k.subject, k.subject
		save(t, db, at(q, "team", "INBOX", uint32(i+1), t0.Add(k.at)))
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = 'domain:acme.com'`, lily); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(time.Minute))
	thanks := clockOf(t, db, "thanks@acme")
	if _, err := db.WaiveReply(ctx, Viewer{Email: lily}, thanks.MessageID, lily, t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(58*time.Minute))

	report := func(now time.Time) map[string]ReplyGroup {
		t.Helper()
		rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: now})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]ReplyGroup{}
		for _, g := range rep.Groups {
			out[g.Key] = g
		}
		if len(rep.Breaches) != 1 || rep.Breaches[0].Owner != lily {
			t.Fatalf("breaches %+v; want the late mail, Lily's", rep.Breaches)
		}
		return out
	}
	before := report(t0.Add(58 * time.Minute))
	if g := before[lily]; g.Overdue != 1 || g.NoAnswerNeeded != 1 || g.Waiting != 2 {
		t.Fatalf("before the hand-over Lily has %+v", g)
	}

	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = 'domain:acme.com'`, tom); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(60 * time.Minute)
	measure(t, db, now)
	if c := clockOf(t, db, "late@acme"); c.Owner != tom {
		t.Fatalf("the late mail's owner is %q; the desk and the nudges go to the customer's owner, %s", c.Owner, tom)
	}
	after := report(now)
	if g := after[lily]; g.Overdue != 1 || g.NoAnswerNeeded != 1 || g.Waiting != 1 || g.Count != 1 {
		t.Fatalf("after the hand-over Lily has %+v; want her breach and her mark kept", g)
	}
	if g := after[tom]; g.Overdue != 0 || g.NoAnswerNeeded != 0 || g.Waiting != 1 || g.Count != 1 {
		t.Fatalf("after the hand-over Tom has %+v; want only the mail still within its target", g)
	}
}

// The report files a late clock under the owner the customer had when its
// target passed, not under the one it had at the next measurement: nothing
// measures at a hand-over, and the next look may come well after the
// target. Lily is nudged at 5 minutes; Tom takes her customers at 7 (the
// target passes at 10, his) or at 12 (it passed at 10, hers); the daemon's
// next look comes at 13 either way. The customer released to the
// pool at 7 goes past its target in the pool, under whoever answers for the
// pool's mail (the mailbox's owner), also when Tom claims it from the pool
// after the target passed.
func TestReportFilesABreachUnderTheOwnerWhenTheTargetPassed(t *testing.T) {
	const lily, tom = "lily@team.example", "tom@team.example"
	for _, c := range []struct {
		name    string
		release bool
		handAt  time.Duration
		want    string
	}{
		{"handed over before the target", false, 7 * time.Minute, tom},
		{"handed over at the target", false, 10 * time.Minute, tom},
		{"handed over after the target", false, 12 * time.Minute, lily},
		{"released before the target", true, 7 * time.Minute, "owner-of-team"},
		{"released after the target", true, 12 * time.Minute, lily},
		{"released before the target, claimed by Tom after it", true, 7 * time.Minute, "owner-of-team"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := openTest(t)
			ctx := context.Background()
			save(t, db, at(msg("late@acme"), "team", "INBOX", 1, t0))
			if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = 'domain:acme.com'`, lily); err != nil {
				t.Fatal(err)
			}
			measure(t, db, t0.Add(5*time.Minute))
			if c.release {
				id := int64(count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`))
				if err := db.ReleaseCustomer(ctx, id, t0.Add(c.handAt), "manager@team.example"); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(c.name, "claimed") {
					if err := db.ClaimCustomer(ctx, id, tom, t0.Add(12*time.Minute), book.DefaultRules()); err != nil {
						t.Fatal(err)
					}
				}
			} else if _, err := db.HandOver(ctx, lily, tom, t0.Add(c.handAt), "manager@team.example", false); err != nil {
				t.Fatal(err)
			}
			now := t0.Add(13 * time.Minute)
			measure(t, db, now)
			rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Breaches) != 1 || rep.Breaches[0].Owner != c.want {
				t.Fatalf("breaches %+v; want the late mail under %q", rep.Breaches, c.want)
			}
			for _, g := range rep.Groups {
				if g.Overdue != 0 && g.Key != c.want {
					t.Errorf("group %q has %d overdue; want the breach in %q's", g.Key, g.Overdue, c.want)
				}
			}
		})
	}
}
