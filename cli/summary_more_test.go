package cli

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The weekly summary lists 20 breaches and 5 of the mail still waiting
// from before the week, and names the command that lists the rest. With
// more than the report's table holds (50), that command, run as the mail
// writes it, lists every one of them.
func TestSummaryPointsToACommandThatListsEveryOne(t *testing.T) {
	r := newDigestRig(t, "")
	slot := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC) // Monday 08:30 in Shanghai
	const n = 55
	for i := range n {
		r.save("lily", inboundFrom(fmt.Sprintf("week-%d@c%02d.com", i, i), fmt.Sprintf("pat@week%02d.com", i),
			fmt.Sprintf("Week order %02d", i), slot.AddDate(0, 0, -6).Add(time.Duration(i)*time.Hour)))
		r.save("lily", inboundFrom(fmt.Sprintf("old-%d@c%02d.com", i, i), fmt.Sprintf("pat@old%02d.com", i),
			fmt.Sprintf("Old order %02d", i), slot.AddDate(0, 0, -20).Add(time.Duration(i)*time.Hour)))
	}
	r.must(r.m.measureReplies(r.ctx))
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, slot)
	r.must(err)
	text := strings.Join(strings.Fields(sum.Text()), " ")
	c := newCLI(t, r.path, r.env)
	hints := regexp.MustCompile(`not listed here: keepwarm (report replies [^.(]*?) lists every one`).FindAllStringSubmatch(text, -1)
	if len(hints) != 2 {
		t.Fatalf("want the breaches' and the older mail's pointers:\n%s", text)
	}
	for i, prefix := range []string{"Week order", "Old order"} {
		out := c.mustRun(append([]string{"--now", slot.Format(time.RFC3339)}, strings.Fields(hints[i][1])...)...)
		for j := range n {
			if subj := fmt.Sprintf("%s %02d", prefix, j); !strings.Contains(out, subj) {
				t.Errorf("keepwarm %s leaves out %q", hints[i][1], subj)
			}
		}
	}
	if !strings.Contains(text, "(its table stops at 50)") {
		t.Errorf("the summary does not say the table stops at 50:\n%s", text)
	}
}
