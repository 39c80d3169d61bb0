package book

import (
	"strings"
	"testing"
	"time"
)

// CRMs write an empty date as 1900-01-01 or the Unix epoch, and Excel
// shows serial 1 as 1900-01-01: none of them is a birthday.
func TestParseLeavesOutPlaceholderBirthdays(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	path := writeXLSX(t, t.TempDir(), "book.xlsx", [][]any{
		{"Company", "Contact", "Email", "Birthday"},
		{"One", "A", "a@one.com", "1900-01-01"},
		{"Two", "B", "b@two.com", "1/1/1900"},
		{"Three", "C", "c@three.com", "1970-01-01"},
		{"Four", "D", "d@four.com", 1},
		{"Five", "E", "e@five.com", "1911-03-04"},
		{"Six", "F", "f@six.com", "1958-11-03"},
	}, map[string]int{"D5": 14})
	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{Now: now})
	if err != nil || len(s.Records) != 6 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	for _, r := range s.Records[:5] {
		w := strings.Join(r.Warnings, ";")
		if r.Birthday != "" || !strings.Contains(w, ": left out") {
			t.Errorf("row %d: birthday %q, warnings %q", r.Row, r.Birthday, w)
		}
	}
	if w := strings.Join(s.Records[0].Warnings, ";"); !strings.Contains(w, "birthday 1900-01-01 looks like an empty CRM date: left out") {
		t.Errorf("row 2's warning: %q", w)
	}
	if r := s.Records[5]; r.Birthday != "1958-11-03" || len(r.Warnings) != 0 {
		t.Errorf("a real birthday: %+v", r)
	}
}
