package web

import "testing"

// A template save's audit words read in Chinese on a Chinese page; the
// template's own line stays as typed.
func TestTemplateAuditWordsInChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for in, want := range map[string]string{
		AuditBuiltIn:                         "内置模板",
		AuditTeamCopy + ", " + AuditSameText: "团队自己的副本，文字相同",
		AuditSpacingOnly:                     "只改了空格或换行",
		AuditBuiltIn + ", line 3: same text": "内置模板，line 3: same text",
		"line 6: the same text as before":    "line 6: the same text as before",
	} {
		if got := zh.AuditValue("template.save", in); got != want {
			t.Errorf("%q in Chinese: %q, want %q", in, got, want)
		}
	}
	if got := (Lang{Code: "en"}).AuditValue("template.save", AuditBuiltIn); got != AuditBuiltIn {
		t.Errorf("in English: %q", got)
	}
}
