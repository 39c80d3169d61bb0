package sequences

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
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

// TargetsChanged reports whether some of a period's mail was judged with
// another target than its grade has today (the grade's own in grades,
// else target): each clock keeps the grade and the target of its day, so
// after a change of the targets the head's target is not what the rows
// were judged with. Compared per grade, not as a set of values: ungraded
// mail judged with 1h is a change when the target is now 30m, even if 1h
// is grade C's today, and so are two grades' targets swapped.
// `keepwarm report replies`, the web report, the weekly summary and the
// daily digest then name the targets judged with.
func TargetsChanged(judged []keepwarm.JudgedTarget, target time.Duration, grades map[string]time.Duration) bool {
	for _, j := range judged {
		want := target
		if d, ok := grades[j.Grade]; ok && d > 0 {
			want = d
		}
		if time.Duration(j.Seconds)*time.Second != want {
			return true
		}
	}
	return false
}

// targetsChangedSeconds is TargetsChanged with today's targets in seconds,
// as the digest and the summary carry them.
func targetsChangedSeconds(judged []keepwarm.JudgedTarget, target int64, grades map[string]int64) bool {
	g := make(map[string]time.Duration, len(grades))
	for k, s := range grades {
		g[k] = time.Duration(s) * time.Second
	}
	return TargetsChanged(judged, time.Duration(target)*time.Second, g)
}
