package book

import (
	"strings"
	"testing"
	"time"
)

// A year-less birthday written with dashes asks the same day-or-month
// question as one written with slashes: "03-04" in a dmy file is 3 April,
// in an mdy file 4 March, and in a file whose format is not known it is
// refused; "17-05" is 17 May in a dmy file or one whose format is not
// known (in an mdy file it contradicts the format). Only the ISO form with
// its leading dashes, "--03-04", is month first by rule.
func TestAYearlessBirthdayWithDashesFollowsTheFilesOrder(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"03-04", DateDMY, "--04-03"},
		{"03-04", DateMDY, "--03-04"},
		{"3-4", DateDMY, "--04-03"},
		{"17-05", DateDMY, "--05-17"},
		{"17-05", DateUnknown, "--05-17"},
		{"05-17", DateUnknown, "--05-17"},
		{"04-04", DateUnknown, "--04-04"},
		{"--03-04", DateDMY, "--03-04"},
		{"3/4", DateDMY, "--04-03"},
	} {
		if got, err := NormalizeBirthdayAt(c.in, c.order, now); err != nil || got != c.want {
			t.Errorf("NormalizeBirthdayAt(%q, %v) = %q, %v; want %q", c.in, c.order, got, err, c.want)
		}
	}
	for _, in := range []string{"03-04", "3/4"} {
		if got, err := NormalizeBirthdayAt(in, DateUnknown, now); err == nil || !strings.Contains(err.Error(), "could be 3 April or 4 March") {
			t.Errorf("NormalizeBirthdayAt(%q) without the file's format = %q, %v; want it refused", in, got, err)
		}
	}
	if got, err := NormalizeBirthdayAt("31-02", DateDMY, now); err == nil {
		t.Errorf("31-02 = %q, want not a date", got)
	}
}
