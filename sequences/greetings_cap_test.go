package sequences_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// bobsTwoGreetingsRig is a rig on 25 November 2026, when Bob (New York)
// has his birthday and gets his Thanksgiving greeting (the last working day
// before 26 November); he already got the automated mails at the times
// given.
func bobsTwoGreetingsRig(t *testing.T, automated ...time.Time) *greetRig {
	t.Helper()
	r, _ := bobsBirthdayRig(t)
	r.cfg.Occasions = []string{"birthday", "thanksgiving"}
	for i, at := range automated {
		r.automated("seq:90:"+string(rune('0'+i)), usBuyer.email, at)
	}
	r.start(nil)
	return r
}

// greetingsTo returns Bob's greetings in the plan at now, by occasion:
// status and reason.
func greetingsTo(r *greetRig, email string, now time.Time) map[string]string {
	r.t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", now)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range plan.Items {
		if it.To.Email == email && it.Kind == "greeting" {
			out[it.Occasion] = it.Status + ": " + it.Reason
		}
	}
	return out
}

// Bob's birthday and his Thanksgiving greeting fall on one morning: he
// gets one greeting that day, the birthday (the personal one), and the
// plan says why the other is not sent, before the day and after it, never
// as missed. "Happy birthday" and "Happy Thanksgiving" from Lily minutes
// apart would read as sent by a program.
func TestTwoGreetingsOnOneDayGoAsOne(t *testing.T) {
	r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC))
	const why = "skip: bob@acme-us.com gets the birthday greeting that day (2026-11-25): one greeting a day, not two"
	at := time.Date(2026, 11, 25, 16, 10, 0, 0, time.UTC) // 11:10 in New York
	before := greetingsTo(r, usBuyer.email, at)
	if before["birthday"] != "due: " || before["thanksgiving"] != why {
		t.Fatalf("the plan at 11:10 in New York: %v; want the birthday due and Thanksgiving skipped for it", before)
	}
	r.clock.Set(at)
	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || r.sentTo(usBuyer.email) != 1 {
		t.Fatalf("Bob got %d greetings (%d SMTP sends) on one day; want one", len(got), r.sentTo(usBuyer.email))
	}
	if !strings.Contains(strings.ToLower(got[0].Subject), "birthday") {
		t.Errorf("Bob's greeting: %q; want the birthday one", got[0].Subject)
	}
	after := greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))
	if !strings.HasPrefix(after["birthday"], "sent") || after["thanksgiving"] != why {
		t.Errorf("the plan after the day: %v", after)
	}
}

// A greeting missed while keepwarm was not running says so, and does not
// blame the weekly cap, which had a slot free all day.
func TestAGreetingMissedWithAFreeCapSaysKeepwarmDidNotQueueIt(t *testing.T) {
	r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"birthday"}
	r.start(nil)
	got := greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))["birthday"]
	if want := "missed: not sent: keepwarm did not queue it before its day ended (2026-11-25 17:00 EST) and nothing held it: was keepwarm running? It is not sent late"; got != want {
		t.Errorf("Bob's birthday greeting after its day: %q, want %q", got, want)
	}
}

// A monthly letter held by the weekly cap on every working day of its
// month (a follow-up to Bob every few days, cap 1) is missed, and says it
// was the cap all through its month.
func TestALetterHeldByTheCapAllMonthSaysSo(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.cfg.ContactCap = 1
	r.add(usBuyer)
	for i, at := 0, time.Date(2026, 10, 28, 15, 0, 0, 0, time.UTC); at.Before(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); i, at = i+1, at.Add(5*24*time.Hour) {
		r.automated(fmt.Sprintf("seq:91:%d", i), usBuyer.email, at)
	}
	r.start(map[string]string{"2026-11.tmpl": "subject: News from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"})
	r.replay(time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC), time.Hour)
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter {
			got = append(got, it.Status+": "+it.Reason)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "missed: not sent: the weekly cap of mail to this contact was reached all through its month (until 2026-11-30 17:00 EST): bob@acme-us.com already had 1 automated mail(s)") {
		t.Errorf("Bob's November letter: %q", got)
	}
}

// In the daemon, a greeting that waits for a slot of the cap goes when the
// slot frees inside its day; the other greeting of the same day (Bob's
// birthday and Thanksgiving) does not take a second slot, however many
// are free: one greeting a day.
func TestGreetingsWaitingForTheCapSendOneADay(t *testing.T) {
	const why = "skip: bob@acme-us.com gets the birthday greeting that day (2026-11-25): one greeting a day, not two"
	t.Run("one slot", func(t *testing.T) {
		// Two this week; the older leaves the 7 days at 12:00 in New York.
		r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 18, 17, 0, 0, 0, time.UTC), time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC))
		r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
		got := r.inbox(usBuyer.email)
		if len(got) != 1 || r.sentTo(usBuyer.email) != 1 {
			t.Fatalf("Bob got %d greetings (%d SMTP sends) with one slot of the cap free that day", len(got), r.sentTo(usBuyer.email))
		}
		if free := time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC); got[0].Date.Before(free) {
			t.Errorf("the greeting went at %s, before the cap freed at %s", got[0].Date.UTC(), free)
		}
		plan := greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))
		if !strings.HasPrefix(plan["birthday"], "sent") || plan["thanksgiving"] != why {
			t.Errorf("the plan after the day: %v", plan)
		}
	})
	t.Run("two slots", func(t *testing.T) {
		// One this week, which leaves the 7 days at 12:00 in New York:
		// the cap would let both go, the day does not.
		r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 18, 17, 0, 0, 0, time.UTC))
		r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
		if got := r.inbox(usBuyer.email); len(got) != 1 {
			t.Fatalf("Bob got %d greetings on one day; want one", len(got))
		}
		plan := greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))
		if !strings.HasPrefix(plan["birthday"], "sent") || plan["thanksgiving"] != why {
			t.Errorf("the plan after the day: %v", plan)
		}
	})
}

// A follow-up step and a greeting due in the same engine tick share the
// weekly cap whichever job runs first: with one automated mail already
// this week, the one that runs second sees the other's mail queued a
// moment before and waits, saying why where the salesperson looks (the
// enrollment's reason, the greetings plan).
func TestFollowUpStepAndGreetingInOneTickShareTheCap(t *testing.T) {
	for _, greetFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("greetings first %v", greetFirst), func(t *testing.T) {
			r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC))
			r.cfg.Occasions = []string{"birthday"}
			r.start(nil)
			// Lily's quotation to Bob on Saturday: the resend is due on
			// Tuesday, and waits in the outbox of nobody until this tick.
			r.ownMail("q-1@seller.example", "Quotation LED panels", time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC), 1,
				"Dear Bob,\n\nplease find our quotation attached.\n\nBest regards\nLily Chen", false)
			fu := lilysFollowUp(r, nil)
			jobs := []sequences.Job{fu, r.job}
			if greetFirst {
				jobs = []sequences.Job{r.job, fu}
			}
			at := time.Date(2026, 11, 25, 16, 10, 0, 0, time.UTC) // 11:10 in New York
			r.clock.Set(at)
			if err := sequences.NewEngine(r.clock, testLog(), jobs...).Tick(r.ctx); err != nil {
				t.Fatal(err)
			}
			items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				if it.CreatedAt.Equal(at) {
					got = append(got, it.Origin+" "+it.Key)
				}
			}
			if len(got) != 1 {
				t.Fatalf("the tick queued %v for Bob, who already had an automated mail this week; want one of the step and the greeting", got)
			}
			var why, when string
			if strings.HasPrefix(got[0], sequences.OriginGreeting) {
				list, err := r.db.ListEnrollments(r.ctx, 0)
				if err != nil || len(list) != 1 {
					t.Fatalf("enrollments: %+v %v", list, err)
				}
				// The follow-up's reason is in its salesperson's zone (the
				// rig gives none: UTC).
				why, when = list[0].Reason, "waits until 2026-11-29 15:00 UTC"
			} else {
				// The greeting's is in the customer's, as its plan.
				why, when = greetingsTo(r, usBuyer.email, at)["birthday"], "waits until 2026-11-29 10:00 EST"
			}
			if !strings.Contains(why, when) || !strings.Contains(why, "already has 2 automated mail(s)") {
				t.Errorf("the one that waits says %q", why)
			}
		})
	}
}
