package sequences

import (
	"time"

	"keepwarm"
)

// MarkAway gives the planned and due items of a plan (PlanMonth at now)
// whose sender is away, per the roster r (Greetings.AwayRoster), what the
// send's last look will do with them (AwayVerdict): one whose sender is not
// back within its day (a letter: its month) is a skip, saying why; one held
// until they are back keeps its status and says so. A due item is judged
// at now, when it may go. A dry run's items are left as they are: the last
// look lets them pass, and nothing reaches anyone.
func MarkAway(items []PlanItem, r Roster, now time.Time) {
	for i := range items {
		it := &items[i]
		if it.Status != PlanPlanned && it.Status != PlanDue || it.Mode == keepwarm.ModeDryRun {
			continue
		}
		at := *it
		if at.SendAt.Before(now) {
			at.SendAt = now
		}
		held, _, why, ok := AwayVerdict(at, r)
		if !ok {
			continue
		}
		it.Reason = why
		if !held {
			it.Status = PlanSkip
		}
	}
}
