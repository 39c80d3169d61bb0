package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// birthdayFollowUpRig is a greetings rig whose only occasion is Bob's
// birthday (born on birthday, "1980-11-25"), with Lily's quotation to him
// at quoted and the key-customer follow-up job beside the greetings job
// (the follow-up told of the greetings planned, as the daemon does).
func birthdayFollowUpRig(t *testing.T, birthday string, quoted time.Time) (*greetRig, *sequences.FollowUp) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), quoted.Add(time.Hour))
	bob := usBuyer
	bob.birthday = birthday
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.start(nil)
	// A catalog matching Bob's tags: the product introduction has products to offer.
	if _, err := r.db.ImportProducts(r.ctx, goldenCatalog, quoted, false); err != nil {
		t.Fatal(err)
	}
	r.ownMail("q-1@seller.example", "Quotation LED panels", quoted, 1,
		"Dear Bob,\n\nplease find our quotation attached.\n\nBest regards\nLily Chen", false)
	fu := lilysFollowUp(r, func(c *sequences.FollowUpConfig) { c.Tags = r.db.CustomerTags })
	fu.SetGreeted(r.job.GreetingPlanned)
	return r, fu
}

// lilysFollowUp is the key-customer follow-up job of Lily's mailbox on r's
// store, with the default sequences and templates, its customers in New
// York; tune, if not nil, sets more of its config.
func lilysFollowUp(r *greetRig, tune func(*sequences.FollowUpConfig)) *sequences.FollowUp {
	r.t.Helper()
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		r.t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions("")
	if len(probs) > 0 {
		r.t.Fatal(probs)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	cfg := sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: lily, Email: lily, Name: "Lily Chen"}},
		People:     map[string]string{lily: lily},
		Location:   func(keepwarm.Customer) *time.Location { return ny },
	}
	if tune != nil {
		tune(&cfg)
	}
	return sequences.NewFollowUp(cfg, r.db, nil)
}

// replayBoth runs the engine (the follow-up job first, as the daemon
// orders them) and the dispatcher every step from from until end.
func replayBoth(r *greetRig, fu *sequences.FollowUp, from, end time.Time, step time.Duration) {
	r.t.Helper()
	eng := sequences.NewEngine(r.clock, testLog(), fu, r.job)
	for now := from; !now.After(end); now = now.Add(step) {
		r.clock.Set(now)
		if err := eng.Tick(r.ctx); err != nil {
			r.t.Fatalf("tick at %s: %v", now, err)
		}
		if _, err := r.disp.RunOnce(r.ctx, now); err != nil {
			r.t.Fatalf("dispatcher at %s: %v", now, err)
		}
	}
}

// bobsMailOn is what Bob received from Lily on day (YYYY-MM-DD, his time).
func bobsMailOn(r *greetRig, day string) []string {
	r.t.Helper()
	ny, _ := time.LoadLocation(usBuyer.tz)
	var out []string
	for _, m := range r.inbox(usBuyer.email) {
		if m.Date.In(ny).Format("2006-01-02") == day {
			out = append(out, m.Date.In(ny).Format("15:04")+" "+m.Subject)
		}
	}
	return out
}

// greetingAt is when Bob's birthday greeting is planned to go, in his
// time; the test needs it after the follow-up step's 09:00.
func greetingAt(r *greetRig, now time.Time) time.Time {
	r.t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", now)
	if err != nil {
		r.t.Fatal(err)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Kind == sequences.OriginGreeting && it.Occasion == "birthday" {
			at := it.SendAt.In(ny)
			if at.Hour() == 9 && at.Minute() < 10 {
				r.t.Fatalf("the birthday greeting is planned at %s, with the step's 09:00: the test needs it later", at)
			}
			return at
		}
	}
	r.t.Fatalf("no birthday greeting to Bob in the plan: %+v", plan.Items)
	return time.Time{}
}

// Lily's quotation went on Sunday at 09:00; its resend falls due at 09:00
// on Wednesday 25 November, Bob's birthday, whose greeting is planned
// later that morning. No mail from keepwarm is in the outbox yet when
// the step comes due, but Bob is about to get a greeting: the step waits
// for the next day, and says why, and Bob gets one mail from keepwarm on
// his birthday, the greeting.
func TestAFollowUpStepGivesABirthdayMorningToItsGreeting(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r, fu := birthdayFollowUpRig(t, "1980-11-25", time.Date(2026, 11, 22, 9, 0, 0, 0, ny))
	greetingAt(r, time.Date(2026, 11, 25, 0, 0, 0, 0, ny))
	replayBoth(r, fu, time.Date(2026, 11, 25, 0, 0, 0, 0, ny), time.Date(2026, 11, 25, 23, 55, 0, 0, ny), 5*time.Minute)
	got := bobsMailOn(r, "2026-11-25")
	if len(got) != 1 || !strings.Contains(strings.ToLower(got[0]), "birthday") {
		t.Fatalf("Bob's mail from keepwarm on his birthday: %q; want the birthday greeting alone", got)
	}
	list, err := r.db.ListEnrollments(r.ctx, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("enrollments: %+v %v", list, err)
	}
	e := list[0]
	if e.Step != 0 || !e.DueAt.After(time.Date(2026, 11, 26, 0, 0, 0, 0, ny)) ||
		!strings.Contains(e.Reason, "waits until 2026-11-26 05:00 UTC: bob@acme-us.com has a greeting from keepwarm planned today") ||
		!strings.HasSuffix(e.Reason, "one a day at most") {
		t.Fatalf("the resend: step %d, due %s, reason %q; want it on the next day, and why", e.Step, e.DueAt.In(ny), e.Reason)
	}
}

// The product introduction falls due at 09:00 on Bob's birthday, 24
// November, four days after the resend: it would fill the weekly cap
// (the resend and the introduction), and the birthday greeting would wait
// for the cap all its day and be missed. The step moves (its day is not
// fixed, the greeting's is): Bob gets his birthday greeting.
func TestAFollowUpStepDoesNotTakeTheCapOfABirthday(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r, fu := birthdayFollowUpRig(t, "1980-11-24", time.Date(2026, 11, 17, 9, 0, 0, 0, ny))
	greetingAt(r, time.Date(2026, 11, 24, 0, 0, 0, 0, ny))
	replayBoth(r, fu, time.Date(2026, 11, 20, 8, 0, 0, 0, ny), time.Date(2026, 11, 20, 12, 0, 0, 0, ny), 10*time.Minute)
	if got := bobsMailOn(r, "2026-11-20"); len(got) != 1 {
		t.Fatalf("Bob's mail on 20 November: %q; want the resend", got)
	}
	replayBoth(r, fu, time.Date(2026, 11, 24, 0, 0, 0, 0, ny), time.Date(2026, 11, 24, 23, 50, 0, 0, ny), 10*time.Minute)
	got := bobsMailOn(r, "2026-11-24")
	if len(got) != 1 || !strings.Contains(strings.ToLower(got[0]), "birthday") {
		t.Fatalf("Bob's mail from keepwarm on his birthday: %q; want the birthday greeting", got)
	}
	if st := greetingsTo(r, usBuyer.email, r.clock.Now())["birthday"]; !strings.HasPrefix(st, "sent") {
		t.Fatalf("the birthday greeting in the plan: %q, want sent", st)
	}
}

// What the follow-up job is told of the greetings planned: Bob's birthday
// greeting on his day (the customer's zone), not the day before; none in
// dry-run, which reaches nobody and counts for no one a day; none to
// another address.
func TestGreetingPlannedIsTheDayOfAGreetingThatGoes(t *testing.T) {
	for _, mode := range []keepwarm.SendMode{keepwarm.ModeSend, keepwarm.ModeDryRun} {
		r, _ := bobsBirthdayRig(t)
		r.cfg.Mode = mode
		r.start(nil)
		for _, c := range []struct {
			email string
			day   time.Time
			want  bool
		}{
			{usBuyer.email, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), mode == keepwarm.ModeSend},
			{usBuyer.email, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), false},
			{"ann@acme-us.com", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), false},
		} {
			got, err := r.job.GreetingPlanned(r.ctx, 1, []string{c.email}, c.day, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
			if err != nil || got != c.want {
				t.Errorf("%s: a greeting to %s planned on %s: %v %v, want %v", mode, c.email, c.day.Format("2006-01-02"), got, err, c.want)
			}
		}
	}
}
