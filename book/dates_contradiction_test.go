package book

import (
	"strings"
	"testing"
	"time"
)

// A file whose dates contradict the date format given ("08/13/2026" with
// dmy: 13 cannot be a month) is written the other way round: that row is
// refused naming the contradiction, and so is every row whose date only
// the format decided ("02/08/2026" is as likely 8 February as 2 August).
// Rows whose dates read one way only still go in.
func TestADateContradictingTheFormatGivenRefusesTheDatesItDecided(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	rows := [][]string{
		{"Customer", "Date", "Amount"},
		{"Acme", "08/13/2026", "100"},
		{"Acme", "02/08/2026", "200"},
		{"Acme", "2026-03-04", "300"},
		{"Acme", "05/05/2026", "400"},
	}
	for order, bad := range map[DateOrder]string{DateDMY: "08/13/2026", DateMDY: "13/08/2026"} {
		rs := append([][]string{}, rows...)
		rs[1] = []string{"Acme", bad, "100"}
		orders, rej, err := ParseOrdersWith(rs, OrderOptions{Now: now, DateOrder: order})
		if err != nil {
			t.Fatal(err)
		}
		if len(orders) != 2 || orders[0].Row != 4 || orders[1].Row != 5 {
			t.Errorf("%s: orders %+v, want rows 4 and 5 only", order, orders)
		}
		if len(rej) != 2 || rej[0].Row != 2 || rej[1].Row != 3 ||
			!strings.Contains(rej[0].Reason, bad) || !strings.Contains(rej[0].Reason, "cannot be a month") ||
			!strings.Contains(rej[1].Reason, "row 2") || !strings.Contains(rej[1].Reason, bad) {
			t.Errorf("%s: rejected %+v, want rows 2 and 3 naming the contradiction on row 2", order, rej)
		}
	}
	// Without the contradiction the format decides.
	orders, rej, _ := ParseOrdersWith([][]string{rows[0], rows[2]}, OrderOptions{Now: now, DateOrder: DateDMY})
	if len(rej) != 0 || len(orders) != 1 || orders[0].Date.Format("2006-01-02") != "2026-08-02" {
		t.Errorf("02/08/2026 alone with dmy: %+v %+v", orders, rej)
	}
}

// A birthday that contradicts the date format given is refused, saying so,
// not read the other way round.
func TestABirthdayContradictingTheFormatGivenIsRefused(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in    string
		order DateOrder
	}{{"08/13/1980", DateDMY}, {"05-17", DateDMY}, {"13/08/1980", DateMDY}, {"17-05", DateMDY}} {
		if got, err := NormalizeBirthdayAt(c.in, c.order, now); err == nil || !strings.Contains(err.Error(), "cannot be a month") {
			t.Errorf("NormalizeBirthdayAt(%q, %s) = %q, %v; want it refused as contradicting the format", c.in, c.order, got, err)
		}
	}
}

// In a customers file, a birthday that contradicts the date format given
// makes the birthdays that format decided doubtful too: each is left out
// with a warning naming the row that contradicts it; one that reads one
// way only is kept.
func TestACustomersFileContradictingTheFormatLeavesOutTheBirthdaysItDecided(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	s, err := Parse([][]string{
		{"Company", "Email", "Birthday"},
		{"Acme", "bob@acme.com", "08/13/1980"},
		{"Beta", "ann@beta.com", "02/08/1981"},
		{"Gamma", "li@gamma.com", "1982-03-04"},
	}, ParseOptions{DateOrder: DateDMY, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 3 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	if r := s.Records[0]; r.Birthday != "" || !strings.Contains(strings.Join(r.Warnings, "; "), "cannot be a month") {
		t.Errorf("row 2: birthday %q warnings %v, want it refused as contradicting dmy", r.Birthday, r.Warnings)
	}
	if r := s.Records[1]; r.Birthday != "" || !strings.Contains(strings.Join(r.Warnings, "; "), `row 2 writes "08/13/1980"`) {
		t.Errorf("row 3: birthday %q warnings %v, want it left out naming row 2", r.Birthday, r.Warnings)
	}
	if r := s.Records[2]; r.Birthday != "1982-03-04" {
		t.Errorf("row 4: birthday %q, want 1982-03-04", r.Birthday)
	}
}

// Dots always put the day first, under --date-format mdy as under dmy: a
// German "13.08.2026" in an mdy file is 13 August, not a contradiction
// that takes the file's month-first dates with it.
func TestADottedDateIsDayFirstUnderMDYToo(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	orders, rej, err := ParseOrdersWith([][]string{
		{"Customer", "Date", "Amount"},
		{"Acme", "13.08.2026", "100"},
		{"Acme", "02/08/2026", "200"},
	}, OrderOptions{Now: now, DateOrder: DateMDY})
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 0 || len(orders) != 2 || orders[0].Date.Format("2006-01-02") != "2026-08-13" || orders[1].Date.Format("2006-01-02") != "2026-02-08" {
		t.Errorf("orders %+v rejected %+v, want 13 August and 8 February", orders, rej)
	}
	s, err := Parse([][]string{
		{"Company", "Email", "Birthday"},
		{"Acme", "bob@acme.com", "13.08.1980"},
		{"Beta", "ann@beta.com", "02/08/1981"},
		{"Gamma", "li@gamma.com", "13.08."},
	}, ParseOptions{DateOrder: DateMDY, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1980-08-13", "1981-02-08", "--08-13"}
	if len(s.Records) != len(want) {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	for i, r := range s.Records {
		if r.Birthday != want[i] || len(r.Warnings) != 0 {
			t.Errorf("row %d: birthday %q warnings %v, want %s", r.Row, r.Birthday, r.Warnings, want[i])
		}
	}
}
