package sequences

import (
	"sort"
	"time"

	"keepwarm"
)

// QuietCount is how many closed calls gave one reason for a customer going
// quiet, in all and by salesperson.
type QuietCount struct {
	Reason keepwarm.QuietReason `json:"reason"` // "" not said
	Label  string               `json:"label"`
	Calls  int                  `json:"calls"`
	// By counts the calls by salesperson (the task's owner), by email.
	By map[string]int `json:"by_salesperson"`
}

// QuietReport is why customers went quiet, as the calls closed in
// [Since, Until) found it (the rules' reasons, not guessed at).
type QuietReport struct {
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Reasons in keepwarm.QuietReasons' order, then "not said"; only
	// those some call gave.
	Reasons []QuietCount `json:"reasons"`
	// Calls are the tasks closed in the window, in the order they were.
	Calls []keepwarm.Task `json:"calls"`
}

// BuildQuiet counts the tasks closed in [since, until) by reason.
func BuildQuiet(tasks []keepwarm.Task, since, until time.Time) QuietReport {
	rep := QuietReport{Since: since.UTC(), Until: until.UTC(), Reasons: []QuietCount{}, Calls: []keepwarm.Task{}}
	by := map[keepwarm.QuietReason]*QuietCount{}
	for _, t := range tasks {
		if t.DoneAt.IsZero() || t.DoneAt.Before(since) || !t.DoneAt.Before(until) {
			continue
		}
		rep.Calls = append(rep.Calls, t)
		c := by[t.Reason]
		if c == nil {
			c = &QuietCount{Reason: t.Reason, Label: t.Reason.Label(), By: map[string]int{}}
			by[t.Reason] = c
		}
		c.Calls++
		c.By[t.Owner]++
	}
	sort.SliceStable(rep.Calls, func(i, j int) bool { return rep.Calls[i].DoneAt.Before(rep.Calls[j].DoneAt) })
	for _, r := range append(append([]keepwarm.QuietReason{}, keepwarm.QuietReasons...), "") {
		if c := by[r]; c != nil {
			rep.Reasons = append(rep.Reasons, *c)
		}
	}
	return rep
}

// CallSaid is what a closed call found: why the customer went quiet and
// what they said ("comparing suppliers: decides in March"); "" nothing.
func CallSaid(t keepwarm.Task) string {
	switch {
	case t.Reason != "" && t.Outcome != "":
		return t.Reason.Label() + ": " + t.Outcome
	case t.Reason != "":
		return t.Reason.Label()
	}
	return t.Outcome
}
