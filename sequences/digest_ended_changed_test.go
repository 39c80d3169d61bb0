package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up that had done step 1 of quote-followup's 3 when the manager
// cut the sequence to its first step ends there, with no step left. In the
// digest's "Sequences ended without an answer" its line says the sequence
// was changed under it, not only "1 step(s)" under a note that every step
// was done; a follow-up that ran every step of its sequence says nothing
// of the kind. In English and Chinese.
func TestDigestSaysAFollowUpEndedByASequenceChange(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	cut := keepwarm.Enrollment{ID: 8, Customer: "domain:meier.example", Sequence: "quote-followup", Status: keepwarm.EnrollActive, Step: 1,
		Plan: []string{"email:quote-1", "email:quote-2", "task:call"}, ThreadID: 12, UpdatedAt: at.Add(-time.Hour)}
	if !realign(&cut, &Definition{Name: "quote-followup", Steps: []StepDef{{Action: "email", Template: "quote-1"}}}, nil) || cut.Status != keepwarm.EnrollCompleted {
		t.Fatalf("the follow-up after its sequence was cut: %s %q", cut.Status, cut.Reason)
	}
	ran := keepwarm.Enrollment{ID: 9, Customer: "domain:globex.example", Sequence: "quote-followup", Status: keepwarm.EnrollCompleted, Step: 3,
		Reason: "every step done", ThreadID: 13, UpdatedAt: at.Add(-time.Hour)}
	for lang, want := range map[string]string{"": "its sequence was changed under it: no step of it was left to do", "zh": "序列在跟进进行中被修改，已没有剩余步骤"} {
		d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-08", TimeZone: "UTC", Now: at, Lang: lang,
			Ended: []keepwarm.Enrollment{cut, ran}}
		text := d.Text()
		var cutLine, ranLine string
		for _, line := range strings.Split(text, "\n") {
			switch {
			case strings.Contains(line, "meier.example"):
				cutLine = line
			case strings.Contains(line, "globex.example"):
				ranLine = line
			}
		}
		if !strings.Contains(cutLine, want) || strings.Contains(ranLine, want) {
			t.Errorf("%q digest: the cut one %q, the one that ran %q, want %q on the first alone:\n%s", lang, cutLine, ranLine, want, text)
		}
		if !strings.Contains(d.HTML(), want) {
			t.Errorf("%q digest's HTML lacks %q", lang, want)
		}
		// The section's note says a sequence's edit may have left none,
		// not only that every step was done, the backup's copy too; with
		// only the one that ran every step it says that alone.
		note := map[string]string{"": "or the sequence's edit left none to do", "zh": "或序列修改后已没有剩余步骤"}[lang]
		if !strings.Contains(text, note) {
			t.Errorf("%q digest's note lacks %q:\n%s", lang, note, text)
		}
		d.cover = &digestCover{reader: "Tom Wang", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
		if text := d.Text(); !strings.Contains(text, note) || !strings.Contains(text, "Lily Chen") {
			t.Errorf("%q backup's digest's note lacks %q:\n%s", lang, note, text)
		}
		d.cover, d.Ended = nil, []keepwarm.Enrollment{ran}
		if text := d.Text(); strings.Contains(text, note) {
			t.Errorf("%q digest says %q of a follow-up that ran every step:\n%s", lang, note, text)
		}
	}
}
