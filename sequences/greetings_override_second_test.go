package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/worldcal"
)

// secondEidRig is pkEidRig for the second Eid al-Fitr of 2033 (late
// December; the first was in early January). It starts at start and
// returns the day keepwarm computes for that Eid in Pakistan (E) and the
// team's override row moving it a day earlier, to E-1.
func secondEidRig(t *testing.T, start func(eid time.Time) time.Time) (*greetRig, time.Time, *worldcal.Set) {
	t.Helper()
	var eid time.Time
	for _, h := range worldcal.Builtin().Holidays("PK", 2033) {
		if h.Key == "eid-al-fitr" && h.Main && !h.Observed && h.Date.Month() == time.December {
			eid = h.Date
		}
	}
	if eid.IsZero() {
		t.Fatal("no second Eid al-Fitr in Pakistan's 2033 calendar")
	}
	r, _ := pkEidRig(t, start(eid))
	moved, err := worldcal.New([]worldcal.Override{{Country: "PK", Date: eid.AddDate(0, 0, -1), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, eid, moved
}

// karachiOn is days after the civil date d, at hour in Karachi.
func karachiOn(d time.Time, days, hour int) time.Time {
	d = d.AddDate(0, 0, days)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, karachi)
}

// The December Eid's greeting went on the morning of E-1 (the working
// day before the computed Eid); Pakistan then announced Eid for E-1 and
// the team's row comes in that morning. The greeting made up for the
// moved occasion is the one already sent, not a second "Eid Mubarak"
// the same afternoon.
func TestSecondEidOfTheYearMovedByALateRowIsNotGreetedTwice(t *testing.T) {
	r, eid, moved := secondEidRig(t, func(eid time.Time) time.Time { return karachiOn(eid, -1, 8) })
	r.start(nil)
	r.replayWakes(karachiOn(eid, -1, 12))
	if n := len(r.inbox(pkBuyer.email)); n != 1 {
		t.Fatalf("before the row, Imran got %d greetings on %s, want 1", n, karachiOn(eid, -1, 12).Format("2006-01-02"))
	}
	r.cfg.Calendars = moved
	r.start(nil)
	r.replayWakes(karachiOn(eid, -1, 20))
	if n := len(r.inbox(pkBuyer.email)); n != 1 {
		t.Fatalf("after the row moving Eid to %s, Imran got %d greetings, want 1", karachiOn(eid, -1, 0).Format("2006-01-02"), n)
	}
}

// Lily pressed "Don't send" on the December Eid's greeting days before;
// the row moving Eid a day earlier comes in after its new greeting day
// is over. No greeting is made up for it on Eid day.
func TestSecondEidOfTheYearMovedByALateRowKeepsDontSend(t *testing.T) {
	r, eid, moved := secondEidRig(t, func(eid time.Time) time.Time { return karachiOn(eid, -3, 10) })
	dontSendDecemberEid(t, r)
	r.replayWakes(karachiOn(eid, -2, 20))
	noGreetingAfterTheRow(t, r, moved, karachiOn(eid, -1, 20))
}

// The same, with the row moving Eid added in time (E-3, before the new
// greeting day E-2): the greeting Lily stopped is still stopped.
func TestSecondEidOfTheYearMovedInTimeKeepsDontSend(t *testing.T) {
	r, eid, moved := secondEidRig(t, func(eid time.Time) time.Time { return karachiOn(eid, -3, 10) })
	dontSendDecemberEid(t, r)
	noGreetingAfterTheRow(t, r, moved, karachiOn(eid, 0, 20))
}

// dontSendDecemberEid starts r and presses "Don't send" on the December
// Eid's greeting to Imran, as Lily.
func dontSendDecemberEid(t *testing.T, r *greetRig) {
	t.Helper()
	r.start(nil)
	key := r.planOf("2033-12")[pkBuyer.email+" eid-al-fitr"].Key
	if key == "" {
		t.Fatal("no Eid greeting to Imran in December's plan")
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, key, lily, r.clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// noGreetingAfterTheRow starts r again with the row moving Eid (moved)
// and checks that up to until Imran got no greeting: Lily's Don't send
// holds.
func noGreetingAfterTheRow(t *testing.T, r *greetRig, moved *worldcal.Set, until time.Time) {
	t.Helper()
	r.cfg.Calendars = moved
	r.start(nil)
	r.replayWakes(until)
	if n := len(r.inbox(pkBuyer.email)); n != 0 {
		t.Fatalf("Imran got %d greetings after Don't send, want 0", n)
	}
}

// laterRow is the team's override row moving the second Eid of 2033 a
// day later than keepwarm computes it (eid): the moon was not sighted.
func laterRow(t *testing.T, eid time.Time) *worldcal.Set {
	t.Helper()
	later, err := worldcal.New([]worldcal.Override{{Country: "PK", Date: eid.AddDate(0, 0, 1), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	return later
}

// The December Eid's greeting went on E-1 (the working day before the
// computed Eid); that evening the moon is not sighted and the team's row
// moves Eid a day later, to E+1. The occasion moved later is the one
// already greeted: no second "Eid Mubarak", and the plan shows the
// greeting sent. It was keyed by the row's date: the plan said it was
// missed ("was keepwarm running?"), and where E+1's greeting day falls
// after E-1 it went a second time.
func TestSecondEidOfTheYearMovedLaterIsNotGreetedTwice(t *testing.T) {
	r, eid, _ := secondEidRig(t, func(eid time.Time) time.Time { return karachiOn(eid, -1, 8) })
	r.start(nil)
	r.replayWakes(karachiOn(eid, -1, 20))
	if n := len(r.inbox(pkBuyer.email)); n != 1 {
		t.Fatalf("before the row, Imran got %d greetings on %s, want 1", n, karachiOn(eid, -1, 12).Format("2006-01-02"))
	}
	r.cfg.Calendars = laterRow(t, eid)
	r.start(nil)
	r.replayWakes(karachiOn(eid, 1, 20))
	if n := len(r.inbox(pkBuyer.email)); n != 1 {
		t.Fatalf("after the row moving Eid to %s, Imran got %d greetings, want 1", karachiOn(eid, 1, 0).Format("2006-01-02"), n)
	}
	if it := r.planOf("2033-12")[pkBuyer.email+" eid-al-fitr"]; it.Status != "sent" || strings.Contains(it.Reason, "was keepwarm running") {
		t.Errorf("the plan after the row: %s, %q; want the greeting Imran got, sent", it.Status, it.Reason)
	}
}

// Lily pressed "Don't send" on the December Eid's greeting days before;
// the row moving Eid a day later comes in. Her Don't send holds for the
// occasion moved.
func TestSecondEidOfTheYearMovedLaterKeepsDontSend(t *testing.T) {
	r, eid, _ := secondEidRig(t, func(eid time.Time) time.Time { return karachiOn(eid, -3, 10) })
	dontSendDecemberEid(t, r)
	noGreetingAfterTheRow(t, r, laterRow(t, eid), karachiOn(eid, 1, 20))
}
