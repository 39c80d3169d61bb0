package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// In a dry-run trial ([sequences] mode = "dry-run") no follow-up mail
// reaches the customer. Lily's digest does not say keepwarm sends the
// steps coming in her name, nor, once every step was recorded, that the
// follow-up ended without an answer: she would phone Hans about mails
// that never went out.
func TestTheDigestSaysADryRunSendsNothing(t *testing.T) {
	ctx := context.Background()
	lily := "lily@lumina-export.example"
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, time.FixedZone("CST", 8*3600))
	w := newFUApp(t, "", asked)
	w.a.Cfg.Sequences.Mode = string(keepwarm.ModeDryRun)
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.job = job
	w.inquiryAndQuote(asked, asked.Add(30*time.Minute), "Lily Chen")
	due, ended := 0, 0
	for at := asked.Add(time.Hour); at.Before(asked.AddDate(0, 0, 40)); at = at.Add(6 * time.Hour) {
		if _, err := w.job.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
		// The dispatcher's part: a dry-run item is recorded, not sent.
		items, err := w.a.DB.ClaimDue(ctx, at, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Mode != keepwarm.ModeDryRun {
				t.Fatalf("a dry run queued %s mail: %+v", it.Mode, it)
			}
			if err := w.a.DB.MarkSkipped(ctx, it.ID, "dry-run: not sent"); err != nil {
				t.Fatal(err)
			}
		}
		for _, lang := range []string{"", "zh"} {
			for i := range w.a.Cfg.Salespeople {
				w.a.Cfg.Salespeople[i].Lang = lang
			}
			d, err := w.a.NewDigests(nil, nil).Build(ctx, lily, at)
			if err != nil {
				t.Fatal(err)
			}
			due += len(d.DueFollowUps)
			ended += len(d.Ended)
			text := d.Text()
			for _, bad := range []string{"keepwarm sends these in your name", "the customer never wrote back", "keepwarm 会以你的名义发出", "客户始终没有回信"} {
				if strings.Contains(text, bad) {
					t.Fatalf("the %q digest at %s says %q of a dry run:\n%s", lang, at, bad, text)
				}
			}
			for _, f := range d.DueFollowUps {
				if f.Status != "dry-run" {
					t.Errorf("a dry-run step listed as %q", f.Status)
				}
			}
			if len(d.DueFollowUps) > 0 && !strings.Contains(text, map[string]string{"": "dry run: recorded only, not sent", "zh": "试运行：只记录，不发送"}[lang]) {
				t.Errorf("the %q digest at %s does not say the step is not sent:\n%s", lang, at, text)
			}
		}
	}
	if e := w.enrollments(); len(e) != 1 || e[0].Status != keepwarm.EnrollCompleted {
		t.Fatalf("the follow-up did not run to its end: %+v", e)
	}
	if due == 0 || ended != 0 {
		t.Errorf("%d due steps listed (want some), %d dry-run follow-ups listed as ended without an answer", due, ended)
	}
}
