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
