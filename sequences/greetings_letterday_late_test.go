package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// letter_day = 28 and February 2026 ends on Saturday the 28th: no working
// day is left in Germany from letter_day on. The letter goes on the last
// working day before it, Friday the 27th, not "planned" for a Saturday on
// which it can never go (and then missed as if keepwarm had not run).
func TestALateLetterDayWithNoWorkingDayLeftTakesTheOneBefore(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.cfg.LetterDay = 28
	r.add(customer{key: "domain:lampen.de", name: "Lampen AG", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "eva@lampen.de", contact: "Eva Roth"})
	r.start(map[string]string{"2026-02.tmpl": "subject: February news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this {{.Month}}.\n\n{{.Owner.Signature}}\n"})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	l := letterPlan(t, r, "2026-02", r.clock.Now())
	if l.Status != sequences.PlanPlanned || l.SendAt.In(berlin).Format("2006-01-02") != "2026-02-27" {
		t.Fatalf("the letter: %s for %s (%s); want planned for Friday 27 February", l.Status, l.SendAtLocal, l.Reason)
	}
	r.clock.Set(time.Date(2026, 2, 26, 22, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), 15*time.Minute)
	got := r.inbox("eva@lampen.de")
	if len(got) != 1 || got[0].Date.In(berlin).Format("2006-01-02") != "2026-02-27" {
		t.Fatalf("Eva's letters: %+v; want one, on 27 February", got)
	}
}

// With letters_per_day = 1 and no working day left from letter_day 28 in
// February 2026, Lily's two letters go one a day on the working days
// before it, the 26th and the 27th, not both planned for the 27th, where
// the second waits for a next working day the month does not have and is
// missed.
func TestALateLetterDaySpreadsLettersOverTheDaysBeforeIt(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.cfg.LetterDay = 28
	s := r.cfg.Senders[lily]
	s.LettersPerDay = 1
	r.cfg.Senders[lily] = s
	eva := customer{key: "domain:lampen.de", name: "Lampen AG", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "eva@lampen.de", contact: "Eva Roth"}
	max := customer{key: "domain:licht.de", name: "Licht GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "max@licht.de", contact: "Max Weber"}
	r.add(eva)
	r.add(max)
	r.start(map[string]string{"2026-02.tmpl": "subject: February news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this {{.Month}}.\n\n{{.Owner.Signature}}\n"})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	r.clock.Set(time.Date(2026, 2, 25, 22, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), 15*time.Minute)
	days := map[string]bool{}
	for _, c := range []customer{eva, max} {
		got := r.inbox(c.email)
		if len(got) != 1 {
			t.Errorf("%s got %d letters; want one", c.email, len(got))
			continue
		}
		days[got[0].Date.In(berlin).Format("2006-01-02")] = true
	}
	if !days["2026-02-26"] || !days["2026-02-27"] {
		t.Errorf("the letters went on %v; want one on 26 and one on 27 February", days)
	}
}

// Eva's birthday greeting goes on Friday 27 February, the one working day
// before letter_day 28 in the last week: her letter goes on Thursday the
// 26th, not skipped as if every working day of the month had a greeting.
func TestALateLetterDayLooksBeforeItForADayWithoutAGreeting(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"birthday"}, nil
	r.cfg.LetterDay = 28
	r.add(customer{key: "domain:lampen.de", name: "Lampen AG", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "eva@lampen.de", contact: "Eva Roth", birthday: "1985-02-27"})
	r.start(map[string]string{"2026-02.tmpl": "subject: February news from {{.Owner.Name}}\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this {{.Month}}.\n\n{{.Owner.Signature}}\n"})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	l := letterPlan(t, r, "2026-02", r.clock.Now())
	if l.Status != sequences.PlanPlanned || l.SendAt.In(berlin).Format("2006-01-02") != "2026-02-26" {
		t.Errorf("the letter: %s for %s (%s); want planned for Thursday 26 February", l.Status, l.SendAtLocal, l.Reason)
	}
}
