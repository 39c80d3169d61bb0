package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/worldcal"
)

var pkBuyer = customer{key: "domain:lahore-lights.pk", name: "Lahore Lights", grade: "A", country: "PK", tz: "Asia/Karachi", lang: "en",
	email: "imran@lahore-lights.pk", contact: "Imran Qureshi"}

// pkEidRig greets Eid al-Fitr to a buyer in Pakistan, where keepwarm
// computes Eid 2024 on Thursday 11 April (Umm al-Qura + 1 day): the
// greeting's day is Wednesday the 10th. On Tuesday the 9th after sunset
// Pakistan announced Eid for Wednesday the 10th; the team's override row
// (the README's) moves the greeting's day to Tuesday the 9th.
func pkEidRig(t *testing.T, start time.Time) (*greetRig, *worldcal.Set) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), start)
	r.cfg.Custom = nil
	r.cfg.Occasions = []string{"eid-al-fitr"}
	r.add(pkBuyer)
	moved, err := worldcal.New([]worldcal.Override{{Country: "PK", Date: time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, moved
}

var karachi = mustZone("Asia/Karachi")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// The override is added on the evening of the 9th, after that day's
// sending hours: the greeting is not lost. It goes once, on the morning
// of Eid itself, and the plan says why it went then, not "was keepwarm
// running?".
func TestEidMovedEarlierByALateOverrideIsGreetedOnTheDay(t *testing.T) {
	r, moved := pkEidRig(t, time.Date(2024, 4, 9, 20, 0, 0, 0, karachi))
	r.start(nil)
	if it := r.planOf("2024-04")[pkBuyer.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned ||
		it.SendAt.In(karachi).Format("2006-01-02") != "2024-04-10" {
		t.Fatalf("built-in calendar: %s on %s, want planned on 2024-04-10", it.Status, it.SendAtLocal)
	}
	r.cfg.Calendars = moved
	r.start(nil)
	it := r.planOf("2024-04")[pkBuyer.email+" eid-al-fitr"]
	if it.Status != sequences.PlanPlanned || it.SendAt.In(karachi).Format("2006-01-02") != "2024-04-10" || it.OccasionDate != "2024-04-10" ||
		it.SendRule != "on the day: the calendar override moved it from 2024-04-11 to 2024-04-10, and its own send day, 2024-04-09 (the customer's last working day before it), was over with nothing queued" {
		t.Errorf("with the override added on the evening of the 9th: %s on %s (%s), rule %q, reason %q; want planned on the morning of 2024-04-10, the rule naming the override",
			it.Status, it.SendAtLocal, it.OccasionDate, it.SendRule, it.Reason)
	}

	r.replayWakes(time.Date(2024, 4, 11, 20, 0, 0, 0, karachi))
	got := r.inbox(pkBuyer.email)
	if len(got) != 1 {
		t.Fatalf("Imran got %d greetings, want 1", len(got))
	}
	if at := got[0].Date.In(karachi); at.Format("2006-01-02") != "2024-04-10" || at.Hour() < 9 || at.Hour() >= 12 {
		t.Errorf("the greeting arrived %s, want the morning of Eid, 2024-04-10", at)
	}
	it = r.planOf("2024-04")[pkBuyer.email+" eid-al-fitr"]
	if it.Status != "sent" || strings.Contains(it.Reason, "was keepwarm running") {
		t.Errorf("the plan after Eid: %s, %q", it.Status, it.Reason)
	}
}

// The same row added in time (the 8th) changes nothing else: the greeting
// goes on the 9th, the last working day before Eid, once, and the plan
// still shows it there.
func TestEidOverrideInTimeKeepsTheGreetingsDay(t *testing.T) {
	r, moved := pkEidRig(t, time.Date(2024, 4, 8, 9, 0, 0, 0, karachi))
	r.cfg.Calendars = moved
	r.start(nil)
	r.replayWakes(time.Date(2024, 4, 11, 20, 0, 0, 0, karachi))
	got := r.inbox(pkBuyer.email)
	if len(got) != 1 || got[0].Date.In(karachi).Format("2006-01-02") != "2024-04-09" {
		t.Fatalf("greetings: %+v, want one on 2024-04-09", got)
	}
	it := r.planOf("2024-04")[pkBuyer.email+" eid-al-fitr"]
	if it.Status != "sent" || it.SendAt.In(karachi).Format("2006-01-02") != "2024-04-09" || strings.Contains(it.SendRule, "override") {
		t.Errorf("the plan after Eid: %s on %s, rule %q", it.Status, it.SendAtLocal, it.SendRule)
	}
}

// The greeting was queued on the morning of the 10th under the computed
// calendar and waits behind the dispatcher; the row moving Eid to that
// very day is added meanwhile. The last look does not drop it as "the
// customer book no longer gives ... this greeting": it goes that day.
func TestEidGreetingQueuedBeforeTheOverrideStillGoes(t *testing.T) {
	r, moved := pkEidRig(t, time.Date(2024, 4, 10, 8, 0, 0, 0, karachi))
	r.startWith(nil)
	item := r.queueOnly(time.Date(2024, 4, 10, 12, 0, 0, 0, karachi))
	r.cfg.Calendars = moved
	r.startWith(nil)
	r.replayWakes(time.Date(2024, 4, 10, 20, 0, 0, 0, karachi))
	if got := r.outbox()[item.Key]; got.Status != "sent" || len(r.inbox(pkBuyer.email)) != 1 {
		t.Errorf("the queued greeting: %s, %q; Imran got %d", got.Status, got.LastError, len(r.inbox(pkBuyer.email)))
	}
}
