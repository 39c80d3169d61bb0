package cli

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/sequences"
)

// A window's workdays narrow the customer country's week: a team that
// lists Saturday for Chinese buyers who work it is told that nothing goes
// out on it in China, where Saturday is the weekend.
func TestCheckWarnsOfWorkdaysOnTheCustomersWeekend(t *testing.T) {
	seqs := t.TempDir()
	b, err := fs.ReadFile(sequences.DefaultDefinitions(), "secondary.toml")
	if err != nil {
		t.Fatal(err)
	}
	def := strings.Replace(string(b), "holidays = true", "holidays = true\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]", 1)
	if def == string(b) {
		t.Fatal("secondary.toml has no holidays line to put workdays after")
	}
	if err := os.WriteFile(filepath.Join(seqs, "secondary.toml"), []byte(def), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, dir := bookCLI(t, "\n[sequences]\ndir = \""+seqs+"\"\n")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country\nNingbo Pumps,wang@nbpumps.cn,China\nStar Electric,raj@star-electric.in,India\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	_, out, errs := c.run(context.Background(), "--log-level", "error", "--now", "2026-12-05T10:00:00Z", "check")
	if !strings.Contains(out, "warn  sequence secondary (") ||
		!strings.Contains(out, "workdays list sat, the weekend in CN, IN: workdays only narrow the customer country's week") {
		t.Errorf("check does not warn of Saturday:\n%s\n%s", out, errs)
	}
	if strings.Contains(out, "workdays list mon") {
		t.Errorf("check warns of Monday:\n%s", out)
	}
	_, out, errs = c.run(context.Background(), "--log-level", "error", "--now", "2026-12-05T10:00:00Z", "sequences", "check")
	if !strings.Contains(out, "WARN  sequence secondary (") || !strings.Contains(out, "workdays list sat, the weekend in CN, IN") {
		t.Errorf("sequences check does not warn of Saturday:\n%s\n%s", out, errs)
	}
}
