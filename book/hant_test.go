package book

import "testing"

// Taiwan's, Hong Kong's and Macao's Chinese is written in Traditional
// characters: the book keeps it as zh-hant, from a sheet's "zh-TW" or
// "繁體中文" and from the country, so a mail to them is never Simplified.
func TestTraditionalChineseIsKept(t *testing.T) {
	for in, want := range map[string]string{
		"zh-TW": "zh-hant", "zh_HK": "zh-hant", "zh-Hant-TW": "zh-hant", "zh-hant": "zh-hant", "繁體中文": "zh-hant",
		"Traditional Chinese": "zh-hant", "zh-CN": "zh", "zh": "zh", "中文": "zh", "简体中文": "zh", "pt-BR": "pt",
	} {
		if got, ok := LookupLanguage(in); !ok || got != want {
			t.Errorf("LookupLanguage(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"Taiwan": "zh-hant", "香港": "zh-hant", "Macao": "zh-hant", "China": "zh"} {
		if c, ok := LookupCountry(in); !ok || c.Language != want {
			t.Errorf("LookupCountry(%q) = %+v; want the language %s", in, c, want)
		}
	}
}
