package cli

import (
	"strings"
	"testing"
	"time"
)

// TestSummaryAndDigestCountMailAnsweredUnseen: Lily answered Hans's
// "Samples please" from her phone, which keeps no Sent copy; Hans's next
// mail answers that mail (an id keepwarm never saw, after his own in
// References, To Lily). The mail is answered at a time not known: the
// weekly summary and Lily's digest (in English and Chinese) count it
// apart, neither on time nor late, and say so.
func TestSummaryAndDigestCountMailAnsweredUnseen(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	next := inboundFrom("samples2@globex.de", "hans@globex.de", "RE: Samples please", t0.Add(3*time.Hour))
	next.InReplyTo = []string{"x1@mobile.example"}
	next.References = []string{"samples@globex.de", "x1@mobile.example"}
	r.save("lily", next)
	r.must(r.m.measureReplies(r.ctx))
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC))
	r.must(err)
	if text := sum.Text(); !strings.Contains(text, "Answered, time unknown (the customer replied to a mail keepwarm did not see, not counted above): 1 (Lily Chen 1)") {
		t.Errorf("the summary:\n%s", text)
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
