package book

import (
	"testing"
	"time"

	"keepwarm/worldcal"
)

// Each market of several zones lists its own TimeZone first (the zone a
// customer whose mail tells nothing is placed in), every zone once, and
// only zones this Go knows.
func TestCountryZones(t *testing.T) {
	for code, zones := range countryZones {
		c, ok := LookupCountry(code)
		if !ok {
			t.Errorf("%s: not a country of the table", code)
			continue
		}
		if len(zones) < 2 || zones[0] != c.TimeZone {
			t.Errorf("%s: zones %v do not start with the country's own %s", code, zones, c.TimeZone)
		}
		seen := map[string]bool{}
		for _, z := range zones {
			if _, err := time.LoadLocation(z); err != nil || seen[z] {
				t.Errorf("%s: zone %q unknown or listed twice (%v)", code, z, err)
			}
			seen[z] = true
		}
	}
	if CountryZones("de") != nil || len(CountryZones("us")) == 0 {
		t.Errorf("CountryZones: de %v, us %v", CountryZones("de"), CountryZones("us"))
	}
}

// Every country whose calendar keepwarm knows can be written in a sheet or
// with customers set --country, by its code, its English name and its
// Chinese one: a Qatari buyer gets Qatar's zone and holidays. Each zone
// loads, each code is listed once, and each country's language is one
// LookupLanguage accepts (a sheet may write it as the table does).
func TestCountryTableCoversTheCalendars(t *testing.T) {
	for _, code := range worldcal.Countries() {
		if _, ok := LookupCountry(code); !ok {
			t.Errorf("%s (%s) has a calendar but is not a country of the table", code, worldcal.Name(code))
		}
	}
	for in, want := range map[string]string{"QA": "Asia/Qatar", "qatar": "Asia/Qatar", "卡塔尔": "Asia/Qatar",
		"KW": "Asia/Kuwait", "Oman": "Asia/Muscat", "Kazakhstan": "Asia/Almaty", "Ecuador": "America/Guayaquil"} {
		if c, ok := LookupCountry(in); !ok || c.TimeZone != want {
			t.Errorf("LookupCountry(%q) = %+v, %v; want zone %s", in, c, ok, want)
		}
	}
	seen := map[string]bool{}
	for _, c := range countries {
		if seen[c.Code] {
			t.Errorf("%s listed twice", c.Code)
		}
		seen[c.Code] = true
		if _, err := time.LoadLocation(c.TimeZone); err != nil {
			t.Errorf("%s: zone %q: %v", c.Code, c.TimeZone, err)
		}
		if c.Language == "" && SeveralLanguages(c.Code) {
			continue
		}
		if l, ok := LookupLanguage(c.Language); !ok || l != c.Language {
			t.Errorf("%s: its language %q is not one LookupLanguage accepts (%q, %v)", c.Code, c.Language, l, ok)
		}
	}
	for in, want := range map[string]string{"el": "el", "Greek": "el", "希腊语": "el", "Danish": "da", "he": "he", "cs-CZ": "cs"} {
		if l, ok := LookupLanguage(in); !ok || l != want {
			t.Errorf("LookupLanguage(%q) = %q, %v; want %s", in, l, ok, want)
		}
	}
}

// Simplified Chinese named as such is told from Chinese alone; each name
// of it reads as "zh" (customers set --lang takes it).
func TestSimplifiedByName(t *testing.T) {
	for in, want := range map[string]bool{"zh-Hans": true, "zh_CN": true, "zh-Hans-HK": true, "ZH-SG": true, "Simplified Chinese": true,
		"简体中文": true, "zh": false, "Chinese": false, "中文": false, "zh-TW": false, "zh-Hant": false, "zh-HK": false, "en": false} {
		if got := SimplifiedByName(in); got != want {
			t.Errorf("SimplifiedByName(%q) = %v", in, got)
		}
		if l, ok := LookupLanguage(in); want && (!ok || l != "zh") {
			t.Errorf("LookupLanguage(%q) = %q, %v", in, l, ok)
		}
	}
}
