package cli

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The manager shortens the reply target from 30m to 10m during the week.
// The week's mail keeps the target of its day, and the weekly summary says
// what it was judged with, as `keepwarm report replies` and the web report
// do, instead of a head of "target 10m" over a share judged against 30m.
func TestSummaryNamesTheTargetsItsMailWasJudgedWith(t *testing.T) {
	r := newDigestRig(t, "\n[replies]\nreply_target = \"30m\"\n")
	r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry LED panels", t0))
	r.save("lily", lilyReply("ans@acme-export.com", "hans@globex.de", "Inquiry LED panels", t0.Add(20*time.Minute), "inq@globex.de"))
	r.must(r.m.measureReplies(r.ctx))

	now := "2026-11-09T08:31:00+08:00"
	before := newCLI(t, r.path, r.env).mustRun("--now", now, "summary")
	if !strings.Contains(before, "target 30m.") || strings.Contains(before, "The targets changed") {
		t.Fatalf("before the change:\n%s", before)
	}
	raw, err := os.ReadFile(r.path)
	r.must(err)
	r.must(os.WriteFile(r.path, []byte(strings.Replace(string(raw), `reply_target = "30m"`, `reply_target = "10m"`, 1)), 0o600))
	c := newCLI(t, r.path, r.env)
	after := strings.Join(strings.Fields(c.mustRun("--now", now, "summary")), " ")
	if !strings.Contains(after, "target 10m.") ||
		!strings.Contains(after, "The targets changed: this week's mail was judged with 30m (each message keeps the target of its day).") {
		t.Fatalf("after the change:\n%s", after)
	}
	if js := strings.Join(strings.Fields(c.mustRun("--now", now, "summary", "--format", "json")), ""); !strings.Contains(js, `"targets_seconds":[1800]`) {
		t.Fatalf("json:\n%s", js)
	}
}

// Last week every mail was judged with 1h; on Monday the manager sets the
// target to 30m and grade C's to 1h. The ungraded mail judged with 1h was
// judged with another target than it has today, although 1h is among
// today's targets (C's): the summary and `report replies` say the targets
// changed, comparing per grade, not the values as a set.
func TestTargetsChangedIsComparedPerGrade(t *testing.T) {
	r := newDigestRig(t, "\n[replies]\nnudge_backlog_limit = \"2h\"\nreply_target = \"1h\"\n")
	r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry LED panels", t0))
	r.save("lily", lilyReply("ans@acme-export.com", "hans@globex.de", "Inquiry LED panels", t0.Add(20*time.Minute), "inq@globex.de"))
	r.must(r.m.measureReplies(r.ctx))

	raw, err := os.ReadFile(r.path)
	r.must(err)
	r.must(os.WriteFile(r.path, []byte(strings.Replace(string(raw), `reply_target = "1h"`,
		"reply_target = \"30m\"\n[replies.grade_targets]\nC = \"1h\"", 1)), 0o600))
	c := newCLI(t, r.path, r.env)
	now := "2026-11-09T08:31:00+08:00"
	sum := strings.Join(strings.Fields(c.mustRun("--now", now, "summary")), " ")
	if !strings.Contains(sum, "target 30m (C 1h00m).") ||
		!strings.Contains(sum, "The targets changed: this week's mail was judged with 1h00m (each message keeps the target of its day).") {
		t.Errorf("summary:\n%s", sum)
	}
	if rep := c.mustRun("--now", now, "report", "replies", "--since", "7d"); !strings.Contains(rep, "The targets changed") || !strings.Contains(rep, "judged with 1h00m") {
		t.Errorf("report replies:\n%s", rep)
	}
}
