package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestSummarySendOnAnotherDaySendsTheWeeksWindow: the summary goes out on
// Fridays. The manager tries `keepwarm summary --send` on Monday: what goes
// is the latest summary due (last Friday's, Fri-Thu), under last week's
// key, and Friday's summary still goes out this week with its own window.
func TestSummarySendOnAnotherDaySendsTheWeeksWindow(t *testing.T) {
	r := newDigestRig(t, "[digest]\nsummary_weekday = \"Fri\"\n")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 11, 16, 10, 0, 0, 0, sh) // ISO week 47
	out := c.mustRun("--now", monday.Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "summary 2026-W46 (Fri 6 Nov to Thu 12 Nov 2026): queued") {
		t.Errorf("summary --send on Monday:\n%s", out)
	}
	r.tickAt(time.Date(2026, 11, 20, 8, 31, 0, 0, sh), r.m.app.NewSummaries(nil))
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSummary})
	r.must(err)
	subjects := map[string]string{}
	for _, it := range items {
		subjects[it.Key] = it.Subject
	}
	if len(items) != 2 || !strings.HasPrefix(subjects["summary:2026-W46"], "keepwarm weekly summary 6 Nov to 12 Nov 2026") ||
		!strings.HasPrefix(subjects["summary:2026-W47"], "keepwarm weekly summary 13 Nov to 19 Nov 2026") {
		t.Fatalf("summaries queued: %v", subjects)
	}
}
