package cli

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestReportCSVIsFormulaSafe: Lily closes a call noting "-no budget this
// year". In `report quiet --format csv`, opened in a spreadsheet, the note
// is text, not a formula; the numbers stay numbers. Every report's CSV
// starts with the UTF-8 BOM, so Excel reads Chinese names as UTF-8.
func TestReportCSVIsFormulaSafe(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	r.must(r.m.db.DoneTask(r.ctx, 1, t0.Add(5*time.Hour), "-no budget this year", keepwarm.QuietPending))
	c := newCLI(t, r.path, r.env)
	out := c.mustRun("--now", t0.Add(6*time.Hour).Format(time.RFC3339), "report", "quiet", "--since", "1d", "--format", "csv")
	body, bom := strings.CutPrefix(out, "\uFEFF")
	if !bom {
		t.Errorf("report quiet csv does not start with the UTF-8 BOM Excel needs:\n%s", out)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "done_at" {
		t.Fatalf("report quiet csv: %v\n%s", err, out)
	}
	if said, id := rows[1][4], rows[1][5]; said != "'-no budget this year" || id != "1" {
		t.Errorf("the call's row: %q", rows[1])
	}
	out = c.mustRun("--now", t0.Add(6*time.Hour).Format(time.RFC3339), "report", "sequences", "--since", "1d", "--format", "csv")
	if !strings.HasPrefix(out, "\uFEFFsequence,enrolled,") {
		t.Errorf("report sequences csv does not start with the UTF-8 BOM and its header:\n%s", out)
	}
}
