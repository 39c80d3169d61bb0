package sequences

import (
	"strings"
	"testing"
	"time"
)

// The digest names the grades' own reply targets beside the team's in
// either language.
func TestDigestStatesTheGradeTargetsInEitherLanguage(t *testing.T) {
	grades := gradeTargetSeconds(map[string]time.Duration{"B": 4 * time.Hour, "A": 2 * time.Hour})
	for lang, want := range map[string]string{
		"en": "Target 8h00m (A 2h00m, B 4h00m).",
		"zh": "回复时限 8 小时 0 分钟（A 级 2 小时 0 分钟、B 级 4 小时 0 分钟）。",
	} {
		d := zhDigest(lang)
		d.Target, d.GradeTargets = int64(8*time.Hour/time.Second), grades
		d.Replies = &ReplyFigures{Count: 2, Answered: 1, WithinTarget: 1, Breaches: 1}
		if text := d.Text(); !strings.Contains(text, want) {
			t.Errorf("%s digest lacks %q:\n%s", lang, want, text)
		}
		d.GradeTargets = nil
		if text := d.Text(); strings.Contains(text, "A 2") || strings.Contains(text, "A 级") {
			t.Errorf("%s digest without grade targets names one:\n%s", lang, text)
		}
	}
}
