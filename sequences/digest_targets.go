package sequences

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// gradeTargetSeconds is the grades' own reply targets in seconds, as the
// digest and the summary carry them.
func gradeTargetSeconds(grades map[string]time.Duration) map[string]int64 {
	if len(grades) == 0 {
		return nil
	}
	out := make(map[string]int64, len(grades))
	for g, d := range grades {
		out[g] = int64(d / time.Second)
	}
	return out
}

// targetsText is the reply target with the grades' own beside it, as
// `keepwarm report replies` writes them: "8h00m (A 2h00m, B 4h00m)". A
// breach is judged against its grade's target: one target alone would make
// a grade-A answer in 3 hours look wrongly counted. wait writes a duration,
// grade a grade, label puts the grades beside the target ("%s (%s)") and
// sep goes between them, in the reader's language.
func targetsText(target int64, grades map[string]int64, wait func(time.Duration) string, grade func(string) string, label, sep string) string {
	s := wait(time.Duration(target) * time.Second)
	var parts []string
	for _, g := range []string{"A", "B", "C", "D", "E"} {
		if d, ok := grades[g]; ok && d > 0 {
			parts = append(parts, grade(g)+" "+wait(time.Duration(d)*time.Second))
		}
	}
	if len(parts) == 0 {
		return s
	}
	return fmt.Sprintf(label, s, strings.Join(parts, sep))
}

// TargetsChanged reports whether a period's mail was judged with a target
// (judged, in seconds, as the reply report's Targets) that is not among
// today's: each clock keeps the target of its day, so after a change of
// the targets the head's target is not what the rows were judged with.
// `keepwarm report replies`, the web report and the weekly summary then
// name the targets judged with.
func TargetsChanged(judged []int64, today ...time.Duration) bool {
	for _, s := range judged {
		if !slices.Contains(today, time.Duration(s)*time.Second) {
			return true
		}
	}
	return false
}
