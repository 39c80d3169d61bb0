package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestSummaryThatFailedForGoodIsSentAgainByHand: Monday's summary is refused
// for good by the [notify] server (552, the manager's mailbox over quota),
// so it reached nobody. Once the mailbox is fixed, `keepwarm summary --send`
// queues the week's summary again in its place and it arrives, saying it
// replaces the one that failed; a summary that was sent is still not sent
// twice.
func TestSummaryThatFailedForGoodIsSentAgainByHand(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	monday := time.Date(2026, 11, 16, 10, 0, 0, 0, sh) // ISO week 47, the summary's day
	r.smtp.FailNextData(1, 552)
	_, out, errs := c.run(context.Background(), "--now", monday.Format(time.RFC3339), "summary", "--send")
	it, ok, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W47")
	r.must(err)
	if !ok || it.Status != keepwarm.OutboxFailed {
		t.Fatalf("the refused summary is %+v (ok %v), want failed\nstdout: %s\nstderr: %s", it, ok, out, errs)
	}
	if n := len(r.smtp.Messages()); n != 0 {
		t.Fatalf("%d messages arrived from a refused DATA", n)
	}

	out = c.mustRun("--now", monday.AddDate(0, 0, 1).Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "summary 2026-W47") || !strings.Contains(out, "failed") || !strings.Contains(out, "queued again for boss@acme-export.com") {
		t.Errorf("summary --send after the failure does not say it queues the failed one again:\n%s", out)
	}
	msgs := r.smtp.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "boss@acme-export.com" || !strings.Contains(string(msgs[0].Raw), "keepwarm weekly summary") {
		t.Fatalf("the summary sent again: %+v", msgs)
	}
	if it, _, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W47"); err != nil || it.Status != keepwarm.OutboxSent {
		t.Fatalf("summary:2026-W47 after it was sent again: %+v %v", it, err)
	}
	// The failed one stays listed, with what the server answered.
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSummary})
	r.must(err)
	kept := false
	for _, got := range items {
		kept = kept || got.ID == it.ID && got.Key == fmt.Sprintf("summary:2026-W47:failed:%d", it.ID) && got.Status == keepwarm.OutboxFailed && strings.Contains(got.LastError, "552")
	}
	if len(items) != 2 || !kept {
		t.Errorf("the summaries in the outbox: %+v", items)
	}

	out = c.mustRun("--now", monday.AddDate(0, 0, 2).Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "already sent at") || len(r.smtp.Messages()) != 1 {
		t.Errorf("a sent summary asked for again:\n%s\n%d messages", out, len(r.smtp.Messages()))
	}

	// Next week's is cut off after its DATA: it may have arrived, so it is
	// not sent again.
	next := monday.AddDate(0, 0, 7)
	r.smtp.DropNextData(1)
	c.run(context.Background(), "--now", next.Format(time.RFC3339), "summary", "--send")
	if it, _, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W48"); err != nil || it.Status != keepwarm.OutboxUncertain {
		t.Fatalf("summary:2026-W48 cut off after DATA: %+v %v", it, err)
	}
	out = c.mustRun("--now", next.AddDate(0, 0, 1).Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "uncertain") || strings.Contains(out, "queued again") || len(r.smtp.Messages()) != 2 {
		t.Errorf("an uncertain summary asked for again:\n%s\n%d messages", out, len(r.smtp.Messages()))
	}
}
