package book

import (
	"testing"
	"time"
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
