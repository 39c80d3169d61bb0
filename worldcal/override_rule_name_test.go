package worldcal

import (
	"strings"
	"testing"
)

// The warning of a missing holiday names it as the calendar does
// ("Dussehra (Vijayadashami)"); an override written with that name dates
// the holiday itself, which is then no longer missing and keeps its key.
func TestOverrideWithTheNameTheWarningGives(t *testing.T) {
	line := Builtin().MissingKey("IN", 2027, "dussehra")
	if !strings.Contains(line, `name = "Dussehra (Vijayadashami)"`) || !strings.Contains(line, `country = "IN"`) {
		t.Errorf("missing line does not give the row to write: %s", line)
	}
	s, err := New([]Override{{Country: "IN", Date: d("2027-10-09"), Name: "Dussehra (Vijayadashami)"}})
	if err != nil {
		t.Fatal(err)
	}
	if m := s.Missing("IN", 2027); strings.Contains(strings.Join(m, "\n"), "Dussehra") {
		t.Errorf("IN 2027 with Dussehra dated still missing: %v", m)
	}
	var keys []string
	for _, h := range s.On("IN", d("2027-10-09")) {
		keys = append(keys, h.Key)
	}
	if len(keys) != 1 || keys[0] != "dussehra" {
		t.Errorf("IN 2027-10-09: keys %v, want [dussehra]", keys)
	}
}
