package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestSummaryEmptyWeekStaysDecided: the week before Monday 9 November had
// nothing to report at the summary's time. Under cron every tick is a new
// process: one on Wednesday, after a late sync stored a customer mail of
// that week, does not send that week's summary two days late; the manager
// who asks for it with `keepwarm summary --send` gets it, since it is no
// longer empty, and a second --send says it was sent.
func TestSummaryEmptyWeekStaysDecided(t *testing.T) {
	r := newDigestRig(t, "")
	sh, _ := time.LoadLocation("Asia/Shanghai")
	slot := time.Date(2026, 11, 9, 8, 31, 0, 0, sh) // ISO week 46
	r.tickAt(slot, r.m.app.NewSummaries(nil))
	items := func() []keepwarm.OutboxItem {
		items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSummary})
		r.must(err)
		return items
	}
	if got := items(); len(got) != 1 || got[0].Key != "summary:2026-W46" || got[0].Mode != keepwarm.ModeDryRun {
		t.Fatalf("the empty week is not recorded: %+v", got)
	}
	wed := slot.Add(50 * time.Hour)
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Inquiry", time.Date(2026, 11, 4, 10, 0, 0, 0, sh)))
	r.clock.Set(wed)
	r.must(r.m.measureReplies(r.ctx))
	r.tickAt(wed, r.m.app.NewSummaries(nil))
	for _, it := range items() {
		if it.Mode != keepwarm.ModeDryRun || it.Status == keepwarm.OutboxQueued || it.Status == keepwarm.OutboxSent {
			t.Errorf("the week's summary went out on Wednesday: %s %s %s %q", it.Key, it.Mode, it.Status, it.Subject)
		}
	}
	out := newCLI(t, r.path, r.env).mustRun("--now", wed.Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "summary 2026-W46 (Mon 2 Nov to Sun 8 Nov 2026): queued for ") {
		t.Errorf("summary --send after an empty week that is no longer empty:\n%s", out)
	}
	got := items()
	if len(got) != 1 || got[0].Key != "summary:2026-W46" || got[0].Mode != keepwarm.ModeSend || !strings.Contains(got[0].Subject, "1 customer email,") {
		t.Errorf("the week's summary asked for by hand: %+v", got)
	}
	out = newCLI(t, r.path, r.env).mustRun("--now", wed.Add(time.Hour).Format(time.RFC3339), "summary", "--send")
	if strings.Contains(out, "queued for") || len(items()) != 1 {
		t.Errorf("summary --send again:\n%s", out)
	}
}

// TestSummaryEmptyWeekStillEmptyByHand: a week found empty and still
// empty when the manager runs `keepwarm summary --send` says nothing was
// sent and why, and queues nothing.
func TestSummaryEmptyWeekStillEmptyByHand(t *testing.T) {
	r := newDigestRig(t, "")
	sh, _ := time.LoadLocation("Asia/Shanghai")
	slot := time.Date(2026, 11, 9, 8, 31, 0, 0, sh) // ISO week 46
	r.tickAt(slot, r.m.app.NewSummaries(nil))
	out := newCLI(t, r.path, r.env).mustRun("--now", slot.Add(50*time.Hour).Format(time.RFC3339), "summary", "--send")
	if !strings.Contains(out, "summary 2026-W46 (Mon 2 Nov to Sun 8 Nov 2026): nothing was sent this week: the summary at Mon 9 Nov 08:31 had nothing to report") {
		t.Errorf("summary --send after an empty week:\n%s", out)
	}
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSummary})
	r.must(err)
	if len(items) != 1 || items[0].Mode != keepwarm.ModeDryRun {
		t.Errorf("the empty week by hand: %+v", items)
	}
}

// TestSummaryEmptyWeekByHandWithNoRecord: nothing ran at the week's
// summary time (keepwarm was down, or [digest] disabled and the summary
// sent from cron), and the week had no customer mail. `keepwarm summary
// --send` sends no empty mail to the manager: it records the week as empty
// and says nothing was sent and why.
func TestSummaryEmptyWeekByHandWithNoRecord(t *testing.T) {
	r := newDigestRig(t, "")
	sh, _ := time.LoadLocation("Asia/Shanghai")
	slot := time.Date(2026, 11, 9, 8, 31, 0, 0, sh) // ISO week 46
	out := newCLI(t, r.path, r.env).mustRun("--now", slot.Add(time.Hour).Format(time.RFC3339), "summary", "--send")
	if strings.Contains(out, "queued for") || !strings.Contains(out, "summary 2026-W46 (Mon 2 Nov to Sun 8 Nov 2026): nothing was sent this week") {
		t.Errorf("summary --send of an empty week no run recorded:\n%s", out)
	}
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSummary})
	r.must(err)
	if len(items) != 1 || items[0].Key != "summary:2026-W46" || items[0].Mode != keepwarm.ModeDryRun {
		t.Errorf("the empty week by hand with no record: %+v", items)
	}
	if n := len(r.smtp.Messages()); n != 0 {
		t.Errorf("%d mail(s) sent for an empty week", n)
	}
}
