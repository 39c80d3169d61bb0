package book

import "testing"

// The ICU/CLDR spelling of a locale, as some CRM exports write it, is
// Traditional too: "zh_Hant_TW" is not Simplified "zh".
func TestTraditionalChineseICUSpelling(t *testing.T) {
	for _, in := range []string{"zh_Hant_TW", "zh_Hant_HK", "zh_Hant"} {
		if got, ok := LookupLanguage(in); !ok || got != "zh-hant" {
			t.Errorf("LookupLanguage(%q) = %q, %v; want zh-hant", in, got, ok)
		}
	}
	if got, _ := LookupLanguage("zh_Hans_CN"); got != "zh" {
		t.Errorf("LookupLanguage(%q) = %q; want zh", "zh_Hans_CN", got)
	}
}
