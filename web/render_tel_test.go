package web

import (
	"slices"
	"testing"
)

// Numbers as export customers write them dial as the phone needs them:
// the + kept inside brackets, the trunk (0) after a country code left
// out, an extension left for after the call connects, and two numbers in
// one field two links, while a slash after an area code stays one number.
func TestTelLinksDialTheNumberAsWritten(t *testing.T) {
	for in, want := range map[string]string{
		"+49 (0)30 1234567":   "+49301234567",
		"(+86) 138 1234 5678": "+8613812345678",
		"0049 (0)30 1234567":  "0049301234567",
		"030 1234567":         "0301234567",
		"+49 30 9000 ext. 12": "+49309000",
		"0086-21-5555 1234":   "00862155551234",
		"(030) 1234567":       "0301234567",
		"+1 (212) 555-0100":   "+12125550100",
	} {
		if got := telDigits(in); got != want {
			t.Errorf("telDigits(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][]string{
		"030 1234 / 0171 555":               {"030 1234", "0171 555"},
		"+49 30 1234567; +49 171 5550":      {"+49 30 1234567", "+49 171 5550"},
		"030/1234567":                       {"030/1234567"},
		"+86 21 5555 1234 or 138 1234 5678": {"+86 21 5555 1234", "138 1234 5678"},
		"+49 30 9000 ext. 12":               {"+49 30 9000 ext. 12"},
	} {
		if got := telParts(in); !slices.Equal(got, want) {
			t.Errorf("telParts(%q) = %q, want %q", in, got, want)
		}
	}
}
