package keepwarm

import (
	"slices"
	"testing"
)

func TestCSVSafe(t *testing.T) {
	got := CSVSafe([]string{"=1+2", "-no budget", "+86 138 0000 0000", "@sum", "\tx", "-3", "+1.5", "0.25", "", "Globex", "-1+cmd|x"})
	want := []string{"'=1+2", "'-no budget", "'+86 138 0000 0000", "'@sum", "'\tx", "-3", "+1.5", "0.25", "", "Globex", "'-1+cmd|x"}
	if !slices.Equal(got, want) {
		t.Errorf("CSVSafe: %q", got)
	}
}
