package cli

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The manager moves the reply target from 30m to 10m after Monday's mail
// was answered. Tuesday's digest writes today's target over Monday's reply
// times and says they were judged with 30m, as the summary, `report
// replies` and the web report do, in English and in Chinese.
func TestDigestSaysTheTargetsChanged(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "Target 10m. The targets changed: this mail was judged with 30m (each message keeps the target of its day).",
		"zh": "回复时限 10 分钟。回复时限改过：这些邮件按 30 分钟 计算（每封邮件保留收到当天的时限）。",
	} {
		t.Run(lang, func(t *testing.T) {
			r := newDigestRig(t, "\n[replies]\nreply_target = \"30m\"\n", speaks("lily@acme-export.com", lang))
			r.save("lily", inboundFrom("inq@globex.de", "hans@globex.de", "Inquiry LED panels", t0))
			r.save("lily", lilyReply("ans@acme-export.com", "hans@globex.de", "Inquiry LED panels", t0.Add(20*time.Minute), "inq@globex.de"))
			r.must(r.m.measureReplies(r.ctx))
			now := "2026-11-03T08:31:00+08:00"
			digest := func() string {
				out := newCLI(t, r.path, r.env).mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com")
				return strings.Join(strings.Fields(out), " ")
			}
			if before := digest(); strings.Contains(before, "30m (each") || strings.Contains(before, "按 30 分钟") {
				t.Fatalf("before the change:\n%s", before)
			}
			raw, err := os.ReadFile(r.path)
			r.must(err)
			r.must(os.WriteFile(r.path, []byte(strings.Replace(string(raw), `reply_target = "30m"`, `reply_target = "10m"`, 1)), 0o600))
			if after := digest(); !strings.Contains(after, want) {
				t.Errorf("after the change: want %q:\n%s", want, after)
			}
		})
	}
}
