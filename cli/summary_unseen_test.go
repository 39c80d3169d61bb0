package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestSummaryAndDigestCountMailAnsweredUnseen: Lily answered Hans's
// "Samples please" from her phone, which keeps no Sent copy; Hans's next
// mail answers that mail (an id keepwarm never saw, after his own in
// References, To Lily). The mail is answered at a time not known: the
// weekly summary and Lily's digest (in English and Chinese) count it
// apart, neither on time nor late, and say so; the summary's backups list
// does not call it still waiting.
func TestSummaryAndDigestCountMailAnsweredUnseen(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	next := inboundFrom("samples2@globex.de", "hans@globex.de", "RE: Samples please", t0.Add(3*time.Hour))
	next.InReplyTo = []string{"x1@mobile.example"}
	next.References = []string{"samples@globex.de", "x1@mobile.example"}
	r.save("lily", next)
	r.must(r.m.measureReplies(r.ctx))
	// Tom, her backup that day, had been nudged about it.
	var samples int64
	for id := int64(1); id < 100 && samples == 0; id++ {
		if m, err := r.m.db.GetMessage(r.ctx, id); err == nil && m.MessageID == "samples@globex.de" {
			samples = id
		}
	}
	r.must(r.m.db.RecordCover(r.ctx, samples, 1, keepwarm.Absence{Person: "lily@acme-export.com", Source: keepwarm.AwayDesk},
		"tom@acme-export.com", t0.Add(2*time.Hour+5*time.Minute)))
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	text := sum.Text()
	for _, want := range []string{"Answered, time unknown (the customer replied to a mail keepwarm did not see, not counted above): 1 (Lily Chen 1)",
		`"Samples please"`, "answered by a mail keepwarm did not see (time unknown)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, "Tom Wang for Lily Chen") && strings.Contains(line, "still waiting") {
			t.Errorf("the summary's backups list says the mail still waits: %s", line)
		}
	}
	lily := "lily@acme-export.com"
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, t0.Add(24*time.Hour))
	r.must(err)
	if text := d.Text(); !strings.Contains(text, "1 answered by mail keepwarm did not see, time unknown (not counted)") {
		t.Errorf("Lily's digest:\n%s", text)
	}
	d.Lang = "zh"
	if text := d.Text(); !strings.Contains(text, "另有 1 封已由 keepwarm 未见到的邮件回复，时间不明（不计入）") {
		t.Errorf("Lily's digest in Chinese:\n%s", text)
	}
}
