package cli

import (
	"strings"
	"testing"
	"time"
)

// The digest and the weekly summary state the grades' own reply targets
// beside the team's, as `keepwarm report replies` does: a grade-A mail
// answered within the team's 8 hours but after its own 2 is a breach, and
// "target 8h" alone would make it look wrongly counted.
func TestDigestAndSummaryStateTheGradeTargets(t *testing.T) {
	r := newDigestRig(t, "[replies]\nreply_target = \"8h\"\nnudge_backlog_limit = \"12h\"\n[replies.grade_targets]\nA = \"2h\"\nC = \"4h\"\n")
	r.seedLily()
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(24*time.Hour))
	r.must(err)
	if text := d.Text(); !strings.Contains(text, "Target 8h00m (A 2h00m, C 4h00m).") {
		t.Errorf("the digest's target:\n%s", text)
	}
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if text := sum.Text(); !strings.Contains(text, "target 8h00m (A 2h00m, C 4h00m).") {
		t.Errorf("the summary's target:\n%s", text)
	}
}
