package worldcal

import "testing"

func TestGreetingNameDropsTheGloss(t *testing.T) {
	for in, want := range map[string]string{
		"Independence Day (Yom Ha'atzmaut)":      "Independence Day",
		"Mawlid (Prophet's Birthday)":            "Mawlid",
		"Queen Mother's Birthday (Mother's Day)": "Queen Mother's Birthday",
		"Chinese New Year (Imlek)":               "Chinese New Year",
		"Dussehra (Vijayadashami)":               "Dussehra",
		"Christmas":                              "Christmas",
		"(Prophet's Birthday)":                   "(Prophet's Birthday)",
	} {
		if got := GreetingName(in); got != want {
			t.Errorf("GreetingName(%q) = %q, want %q", in, got, want)
		}
	}
}
