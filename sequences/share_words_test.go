package sequences

import (
	"strings"
	"testing"
	"time"
)

// The digest and the weekly summary write a share rounded down and a
// median or p90 under an hour to the second, as the replies report does:
// 39 of 49 within target (79.6%) is 79%, never the 80% of a target it
// missed, and a p90 of 10m 59s is not "10m" under a 10m target.
func TestDigestAndSummaryWriteTheShareRoundedDownAndTheSeconds(t *testing.T) {
	share, median, p90 := 39.0/49, int64(9*60+30), int64(10*60+59)
	f := ReplyFigures{Key: "lily@example.com", Count: 49, Answered: 49, WithinTarget: 39, Breaches: 10, Share: &share, Median: &median, P90: &p90}

	for _, c := range []struct{ lang, line, share, p90 string }{
		{"en", replyLine(f), "(79%)", "p90 10m59s"},
		{"zh", zhReplyLine(f), "（79%）", "90 分位 10 分 59 秒"},
	} {
		if !strings.Contains(c.line, c.share) || !strings.Contains(c.line, c.p90) || strings.Contains(c.line, "80%") {
			t.Errorf("%s digest reply line %q: want %s and %s, no 80%%", c.lang, c.line, c.share, c.p90)
		}
	}

	since := time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)
	sum := Summary{Week: "2026-W44", Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Now: since.AddDate(0, 0, 7), Target: 600,
		Replies: ReplyTable{People: []ReplyFigures{f}, Total: f}}
	if subj := sum.Subject(); !strings.Contains(subj, ", 79% within target") {
		t.Errorf("summary subject %q: want 79%% within target", subj)
	}
	for _, body := range []string{sum.Text(), sum.HTML()} {
		body = strings.ReplaceAll(body, "width:80%", "") // a bar's length, not a figure
		if !strings.Contains(body, "79%") || !strings.Contains(body, "10m59s") || strings.Contains(body, "80%") {
			t.Errorf("summary: want 79%% and 10m59s, no 80%%:\n%s", body)
		}
	}
}

// A figure of an hour or more, and a breach's wait, keep the unit that
// makes them exact, as the replies report writes them: a p90 of 1h 00m 59s
// under a 1h target is not "1h00m", and a mail answered after 10m 40s
// against a 10m target is not listed as a breach of "10m".
func TestSummaryAndDigestDoNotCutAMissedTargetToIt(t *testing.T) {
	share, median, p90 := 0.5, int64(2*86400+30*60), int64(3659)
	f := ReplyFigures{Key: "lily@example.com", Count: 2, Answered: 2, WithinTarget: 1, Breaches: 1, Share: &share, Median: &median, P90: &p90}
	for _, c := range []struct{ lang, line, median, p90 string }{
		{"en", replyLine(f), "median 2d00h30m", "p90 1h00m59s"},
		{"zh", zhReplyLine(f), "中位 2 天 0 小时 30 分钟", "90 分位 1 小时 0 分 59 秒"},
	} {
		if !strings.Contains(c.line, c.median) || !strings.Contains(c.line, c.p90) {
			t.Errorf("%s digest reply line %q: want %s and %s", c.lang, c.line, c.median, c.p90)
		}
	}

	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	sum := Summary{Week: "2026-W45", Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Now: since.AddDate(0, 0, 7), Target: 3600,
		Replies: ReplyTable{People: []ReplyFigures{f}, Total: f, Breaches: []ReplyBreach{{ThreadID: 1, Customer: "meier.de", Subject: "Quotation",
			Owner: "lily@example.com", RepliedBy: "tom@example.com", ReceivedAt: since.Add(15*time.Hour + 4*time.Minute), Seconds: 640, Answered: true}}}}
	text := sum.Text()
	if !strings.Contains(text, "1h00m59s") || !strings.Contains(text, "2d00h30m") || !strings.Contains(text, ", 10m40s (") || strings.Contains(text, ", 10m (") {
		t.Errorf("summary: want the p90 1h00m59s, the median 2d00h30m and the breach 10m40s:\n%s", text)
	}
}

// figureWait writes every size to its last unit that is not zero, in
// English as in Chinese.
func TestFigureWaitIsExact(t *testing.T) {
	for _, c := range []struct {
		s      int64
		en, zh string
	}{
		{45, "45s", "45 秒"}, {360, "6m", "6 分钟"}, {659, "10m59s", "10 分 59 秒"}, {3600, "1h00m", "1 小时 0 分钟"},
		{3659, "1h00m59s", "1 小时 0 分 59 秒"}, {3900, "1h05m", "1 小时 5 分钟"}, {2 * 86400, "2d00h", "2 天 0 小时"},
		{2*86400 + 1800, "2d00h30m", "2 天 0 小时 30 分钟"}, {2*86400 + 1805, "2d00h30m05s", "2 天 0 小时 30 分 5 秒"},
	} {
		d := time.Duration(c.s) * time.Second
		if en, zh := figureWait(d), zhFigureWait(d); en != c.en || zh != c.zh {
			t.Errorf("%ds: %q / %q, want %q / %q", c.s, en, zh, c.en, c.zh)
		}
	}
}
