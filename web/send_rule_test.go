package web

import "testing"

// A greeting whose days_before fell on a weekend or holiday says the real
// distance and why, in English and in Chinese.
func TestSendRuleSteppedBack(t *testing.T) {
	rule := "24 days before (22 days before is not a working day)"
	if got := (Lang{Code: "en"}).sendRule(rule); got != rule {
		t.Errorf("en: %q", got)
	}
	if got, want := (Lang{Code: "zh"}).sendRule(rule), "提前 24 天发（提前 22 天那天不是工作日）"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
	if got, want := (Lang{Code: "zh"}).sendRule("3 days before"), "提前 3 天发"; got != want {
		t.Errorf("zh: %q, want %q", got, want)
	}
}
