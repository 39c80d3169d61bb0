package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestPastWeeksFailedSummaryIsSentAgainByWeek: W47's summary is refused for
// good (552, the manager's mailbox over quota) on Monday 16 Nov; W48's goes
// out on Monday 23 Nov; IT fixes the quota on Tuesday 24 Nov. `summary
// --week 2026-W47` says its mail reached nobody, and `summary --send --week
// 2026-W47` queues it again and it arrives; a week sent, or one never
// queued, is not sent by --send --week.
func TestPastWeeksFailedSummaryIsSentAgainByWeek(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	sh, _ := time.LoadLocation("Asia/Shanghai")
	w47 := time.Date(2026, 11, 16, 10, 0, 0, 0, sh)
	r.smtp.FailNextData(1, 552)
	c.run(context.Background(), "--now", w47.Format(time.RFC3339), "summary", "--send")
	if it, ok, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W47"); err != nil || !ok || it.Status != keepwarm.OutboxFailed {
		t.Fatalf("the refused summary is %+v (ok %v, %v), want failed", it, ok, err)
	}
	c.mustRun("--now", w47.AddDate(0, 0, 7).Format(time.RFC3339), "summary", "--send")
	if it, ok, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W48"); err != nil || !ok || it.Status != keepwarm.OutboxSent {
		t.Fatalf("W48's summary is %+v (ok %v, %v), want sent", it, ok, err)
	}
	sent := len(r.smtp.Messages())
	tuesday := w47.AddDate(0, 0, 8).Format(time.RFC3339)

	code, out, errs := c.run(context.Background(), "--now", tuesday, "summary", "--week", "2026-W47")
	if code != 0 || !strings.Contains(out, "Subject: ") {
		t.Fatalf("summary --week 2026-W47: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if !strings.Contains(errs, "failed for good and reached nobody") || !strings.Contains(errs, "summary --send --week 2026-W47") {
		t.Errorf("summary --week prints the failed W47 mail without saying it reached nobody:\n%s", errs)
	}

	code, out, errs = c.run(context.Background(), "--now", tuesday, "summary", "--send", "--week", "2026-W47")
	if code != 0 || !strings.Contains(out, "summary 2026-W47") || !strings.Contains(out, "queued again for boss@acme-export.com") {
		t.Fatalf("summary --send --week 2026-W47: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	msgs := r.smtp.Messages()
	if len(msgs) != sent+1 || !strings.Contains(string(msgs[len(msgs)-1].Raw), "keepwarm weekly summary") {
		t.Fatalf("%d messages after W47 was sent again, want %d", len(msgs), sent+1)
	}
	if it, _, err := r.m.db.OutboxByKey(r.ctx, "summary:2026-W47"); err != nil || it.Status != keepwarm.OutboxSent || !strings.Contains(it.Subject, "9 Nov") {
		t.Fatalf("summary:2026-W47 after it was sent again: %+v %v", it, err)
	}

	// Sent ones are not sent again, W47 now included.
	for _, w := range []string{"2026-W47", "2026-W48"} {
		out = c.mustRun("--now", tuesday, "summary", "--send", "--week", w)
		if !strings.Contains(out, "already sent at") {
			t.Errorf("summary --send --week %s of a sent summary:\n%s", w, out)
		}
	}
	// A past week with no summary queued is not sent late, built from
	// today's data.
	code, out, errs = c.run(context.Background(), "--now", tuesday, "summary", "--send", "--week", "2026-W46")
	if code != 1 || !strings.Contains(errs, "2026-W46") || !strings.Contains(errs, "none was queued") {
		t.Errorf("summary --send --week 2026-W46 (none queued): exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if n := len(r.smtp.Messages()); n != sent+1 {
		t.Errorf("%d messages, want %d", n, sent+1)
	}
}
