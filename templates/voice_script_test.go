package templates_test

import (
	"testing"

	"keepwarm/templates"
)

// A short Traditional mail with few of the characters written apart is
// Traditional, a Simplified one Simplified, and one whose characters are
// written alike in both tells no script: the book's then stands.
func TestShortChineseMailsScript(t *testing.T) {
	for _, tc := range []struct{ text, lang, script string }{
		{"附件是最新的型錄，請參考", templates.Hant, templates.Hant},
		{"好的，明天安排寄出樣品", templates.Hant, templates.Hant},
		{"附件是最新的型录，请参考", "zh", "zh"},
		{"好的，明天安排寄出样品", "zh", "zh"},
		{"好的，明天上午安排寄出", "zh", ""},
	} {
		if got := templates.DetectLanguage(tc.text); got != tc.lang {
			t.Errorf("DetectLanguage(%q) = %q, want %q", tc.text, got, tc.lang)
		}
		if got := templates.DetectScript(tc.text); got != tc.script {
			t.Errorf("DetectScript(%q) = %q, want %q", tc.text, got, tc.script)
		}
	}
}
