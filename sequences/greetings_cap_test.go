package sequences_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
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

// Two greetings due for one contact in the same run count against the
// weekly cap one after the other: with one automated mail already this
// week, a single run (a cron `tick` at 11:10 in New York, both greetings
// due since the morning) sends one; the other waits, the plan says why,
// and, the cap not freeing before the day is over, it is missed, never
// sent.
func TestTwoGreetingsInOneRunKeepTheWeeklyCap(t *testing.T) {
	r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC))
	at := time.Date(2026, 11, 25, 16, 10, 0, 0, time.UTC) // 11:10 in New York
	before := greetingsTo(r, usBuyer.email, at)
	if len(before) != 2 || !strings.HasPrefix(before["birthday"], "due") || !strings.HasPrefix(before["thanksgiving"], "due") {
		t.Fatalf("not both due at 11:10 in New York: %v", before)
	}
	waiting := 0
	for _, s := range before {
		if strings.Contains(s, "waits until 2026-11-29 10:00 EST") && strings.Contains(s, "already has 2 automated mail(s)") {
			waiting++
		}
	}
	if waiting != 1 {
		t.Errorf("the plan before the run: %v; want one greeting to wait for the weekly cap", before)
	}

	r.clock.Set(at)
	r.replay(at, time.Minute) // one run, then the dispatcher
	if n := r.sentTo(usBuyer.email); n != 1 {
		t.Fatalf("one run sent Bob %d greetings on top of this week's automated mail", n)
	}
	after := greetingsTo(r, usBuyer.email, at.Add(time.Minute))
	var held string
	for occ, s := range after {
		if !strings.HasPrefix(s, "sent") {
			held = occ
		}
	}
	if !strings.Contains(after[held], "waits until 2026-11-29 10:00 EST") || !strings.Contains(after[held], "already has 2 automated mail(s)") {
		t.Errorf("the plan after the run: %v; want the %s greeting to say it waits for the cap", after, held)
	}

	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	if n := r.sentTo(usBuyer.email); n != 1 {
		t.Fatalf("Bob got %d greetings; the second went over the weekly cap", n)
	}
	// Missed, and says why: the cap, full from the run on (keepwarm first
	// ran at 11:10, after the greeting's time), until its day ended.
	got := greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC))[held]
	if !strings.HasPrefix(got, "missed: not sent: the weekly cap of mail to this contact was reached") ||
		!strings.Contains(got, "until its day ended (2026-11-25 17:00 EST)") ||
		!strings.Contains(got, "bob@acme-us.com already had 2 automated mail(s)") || !strings.Contains(got, "freed only at 2026-11-29 10:00 EST") {
		t.Errorf("the held %s greeting after its day: %q, want missed with the cap as its reason", held, got)
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

// In the daemon, two greetings that wait for the same slot of the cap do
// not both take it when it frees: the first goes, the second waits again
// (and, the cap not freeing again that day, is missed). When the cap frees
// for both, inside the day, both go, one slot each.
func TestGreetingsWaitingForTheSameCapSlotTakeItOneAtATime(t *testing.T) {
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
		// The other is missed, and says why: the cap held it all day.
		for occ, s := range greetingsTo(r, usBuyer.email, time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)) {
			if !strings.HasPrefix(s, "sent") && !strings.HasPrefix(s, "missed: not sent: the weekly cap of mail to this contact was reached all through its day (until 2026-11-25 17:00 EST): bob@acme-us.com already had 2 automated mail(s)") {
				t.Errorf("the %s greeting not sent: %q, want the cap all day as its reason", occ, s)
			}
		}
	})
	t.Run("two slots", func(t *testing.T) {
		// One this week, which leaves the 7 days at 12:00 in New York.
		r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 18, 17, 0, 0, 0, time.UTC))
		r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
		got := r.inbox(usBuyer.email)
		if len(got) != 2 {
			t.Fatalf("Bob got %d greetings; want both, the second once the cap freed", len(got))
		}
		if free := time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC); got[1].Date.Before(free) && got[0].Date.Before(free) {
			t.Errorf("both greetings went before the cap freed at %s: %s, %s", free, got[0].Date.UTC(), got[1].Date.UTC())
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
			set, err := templates.Load(templates.Defaults())
			if err != nil {
				t.Fatal(err)
			}
			defs, probs := sequences.LoadDefinitions("")
			if len(probs) > 0 {
				t.Fatal(probs)
			}
			ny, _ := time.LoadLocation(usBuyer.tz)
			fu := sequences.NewFollowUp(sequences.FollowUpConfig{
				Definitions: defs, Templates: set, Default: "key-customer",
				Identities: []sequences.Identity{{Mailbox: "lily", Owner: lily, Email: lily, Name: "Lily Chen"}},
				People:     map[string]string{lily: lily},
				Location:   func(keepwarm.Customer) *time.Location { return ny },
			}, r.db, nil)
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
