package sequences

import (
	"strings"
	"testing"
	"time"
)

// A target of 2m30s is written exactly in the digest's and the summary's
// heads, as `keepwarm report replies` and the figures under it write it,
// not cut to "2m" (which would make a p90 of 2m20s read as a missed
// target), and a grade's of 1d12h30m not cut to "1d12h". In English and
// Chinese.
func TestDigestAndSummaryWriteTheTargetExactly(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	share, median, p90 := 1.0, int64(100), int64(140)
	f := ReplyFigures{Key: "lily@team.example", Count: 2, Answered: 2, WithinTarget: 2, Share: &share, Median: &median, P90: &p90}
	grades := map[string]int64{"D": 86400 + 12*3600 + 30*60}
	for lang, want := range map[string][]string{
		"":   {"Target 2m30s (D 1d12h30m)."},
		"zh": {"2 分 30 秒", "1 天 12 小时 30 分钟"},
	} {
		d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-08", TimeZone: "UTC", Now: at, Lang: lang,
			RepliesSince: at.Add(-24 * time.Hour), Replies: &f, Target: 150, GradeTargets: grades}
		text := strings.Join(strings.Fields(d.Text()), " ")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%q digest: want %q:\n%s", lang, w, text)
			}
		}
	}
	sum := Summary{Week: "2026-W50", Since: at.AddDate(0, 0, -7), Until: at, Now: at, TimeZone: "UTC", loc: time.UTC, Target: 150,
		GradeTargets: grades, Replies: ReplyTable{People: []ReplyFigures{f}, Total: f}}
	if text := strings.Join(strings.Fields(sum.Text()), " "); !strings.Contains(text, "target 2m30s (D 1d12h30m).") {
		t.Errorf("summary: want target 2m30s (D 1d12h30m):\n%s", text)
	}
}
