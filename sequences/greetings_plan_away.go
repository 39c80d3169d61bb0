package sequences

import (
	"time"

	"keepwarm"
)

// AwayAtLook is what the send's last look (Greetings.Precheck) will do
// with a planned, due or queued greeting or letter whose sender is away,
// per the roster r, judged when that look comes (PlanItem.CountsAt): at
// its send time, at the end of its wait for one the plan holds to a later
// time (letters_per_day, one a day, the weekly cap), or at now for one
// whose time has passed and that still waits with no end known (the
// customer's mail awaiting an answer, a follow-up running), since it may
// go only from now on. One whose wait ends at or after its Latest is not
// judged (ok false): it is missed for the wait, which its reason says,
// not held for an absence that begins after its day (a letter: its
// month). A dry run's items are not judged (ok false):
// the last look lets them pass, and nothing reaches anyone. `keepwarm
// greetings plan` (MarkAway), /forecast and the digest all ask this, so
// they give one verdict.
func AwayAtLook(it PlanItem, r Roster, now time.Time) (held bool, until time.Time, why string, ok bool) {
	if it.Mode == keepwarm.ModeDryRun {
		return false, time.Time{}, "", false
	}
	switch it.Status {
	case PlanPlanned, PlanDue, string(keepwarm.OutboxQueued):
	default:
		return false, time.Time{}, "", false
	}
	if it.MissedAt(now) {
		// Its wait (letters_per_day, one a day, the weekly cap) ends
		// when its day (a letter: its month) is over: it is missed
		// for that, whoever is away then, and the plan's reason
		// stands.
		return false, time.Time{}, "", false
	}
	if at, ok := it.CountsAt(now); ok {
		it.SendAt = at
	} else if it.SendAt.Before(now) {
		it.SendAt = now
	}
	return AwayVerdict(it, r)
}

// MarkAway gives the planned, due and queued items of a plan (PlanMonth
// at now) whose sender is away, per the roster r (Greetings.AwayRoster),
// what the send's last look will do with them (AwayAtLook): one whose
// sender is not back within its day (a letter: its month) is a skip,
// saying why; one held until they are back keeps its status and says so.
func MarkAway(items []PlanItem, r Roster, now time.Time) {
	for i := range items {
		it := &items[i]
		held, _, why, ok := AwayAtLook(*it, r, now)
		if !ok {
			continue
		}
		it.Reason = why
		if !held {
			it.Status = PlanSkip
		}
	}
}
