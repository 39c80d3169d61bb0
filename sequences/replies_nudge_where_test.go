package sequences_test

import (
	"testing"

	"keepwarm"
	"keepwarm/templates"
)

// The nudge's English words for where another mail program's merge field
// is are the template check's (templates.PlaceholderWhere), kept apart
// because chat renders them without the templates package.
func TestNudgePlaceholderWhereIsTheTemplateChecks(t *testing.T) {
	w := keepwarm.NudgeWordsIn("en")
	for _, part := range []string{templates.PartTemplate, templates.PartSalutation, templates.PartSignature, templates.PartName, "elsewhere"} {
		if got, want := w.PlaceholderWhereIn(part), templates.PlaceholderWhere(part); got != want {
			t.Errorf("part %q: nudge says %q, the template check %q", part, got, want)
		}
	}
	zh := keepwarm.NudgeWordsIn("zh")
	for _, part := range []string{templates.PartTemplate, templates.PartSalutation, templates.PartSignature, templates.PartName} {
		if zh.PlaceholderWhereIn(part) == zh.PlaceholderWhereElse {
			t.Errorf("part %q has no Chinese words of its own", part)
		}
	}
}
