package sequences

import (
	"strconv"
	"testing"
	"time"

	"keepwarm"
)

// Every enrollment of the funnel shows in exactly one column of the weekly
// summary's table, so each row adds up to its Enrolled count (a follow-up
// stopped by hand used to vanish from the table).
func TestSummaryFunnelRowsAddUp(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var enrs []keepwarm.Enrollment
	for i, st := range []keepwarm.EnrollmentStatus{keepwarm.EnrollReplied, keepwarm.EnrollCompleted, keepwarm.EnrollBounced,
		keepwarm.EnrollOptedOut, keepwarm.EnrollStopped, keepwarm.EnrollSuperseded, keepwarm.EnrollFailed, keepwarm.EnrollActive} {
		at := since.Add(time.Duration(i+1) * time.Hour)
		enrs = append(enrs, keepwarm.Enrollment{ID: int64(i + 1), ThreadID: int64(i + 1), Sequence: "key-customer", Status: st,
			Step: 1, CreatedAt: at, UpdatedAt: at})
	}
	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC",
		Funnel: BuildFunnel(enrs, since, since.AddDate(0, 0, 7))}
	var table [][]string
	for _, sec := range s.sections() {
		if sec.Title == "Follow-up sequences" {
			table = sec.Table
		}
	}
	if len(table) < 2 {
		t.Fatalf("no funnel table: %+v", s.sections())
	}
	for _, row := range table[1:] {
		enrolled, _ := strconv.Atoi(row[1])
		sum := 0
		for _, cell := range row[2:] {
			n, err := strconv.Atoi(cell)
			if err != nil {
				t.Fatalf("cell %q in %v", cell, row)
			}
			sum += n
		}
		if enrolled != 8 || sum != enrolled {
			t.Fatalf("row %v: columns add up to %d, enrolled %d (header %v)", row, sum, enrolled, table[0])
		}
	}
}
