package worldcal

import (
	"slices"
	"testing"
)

// MissingKey gives the line Missing gives for the key, and for a holiday
// that has its date it reads the cached year without copying it: a
// greetings plan asks it for every customer left out and every occasion.
func TestMissingKeyIsMissingsLineWithoutCopyingTheYear(t *testing.T) {
	s := Builtin()
	line := s.MissingKey("IN", 2027, "dussehra")
	if line == "" || !slices.Contains(s.Missing("IN", 2027), line) {
		t.Errorf("MissingKey IN 2027 dussehra = %q, not one of Missing's lines %v", line, s.Missing("IN", 2027))
	}
	if l := s.MissingKey("IN", 2026, "dussehra"); l != "" {
		t.Errorf("IN 2026 has Dussehra, MissingKey says %q", l)
	}
	if l := s.MissingKey("IN", 2027, "christmas"); l != "" {
		t.Errorf("IN christmas has no gap, MissingKey says %q", l)
	}
	s.MissingKey("IN", 2026, "dussehra")
	if n := testing.AllocsPerRun(100, func() { s.MissingKey("IN", 2026, "dussehra") }); n != 0 {
		t.Errorf("MissingKey of a dated holiday allocates %v times per call, want 0 (the cached year, not a copy)", n)
	}
}
