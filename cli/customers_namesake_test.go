package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two companies of one name in a sheet stay two customers, and the import
// proposes their merge naming the name they share.
func TestCustomersImportProposesNamesakes(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "star.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country\nStar Electric,raj@star-electric.in,India\nStar Electric,john@starelectric.co.ke,Kenya\n"), 0o600)
	out := c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	if !strings.Contains(out, "2 created") || !strings.Contains(out, "same company name as row 2") ||
		!strings.Contains(out, `#1 Star Electric and #2 Star Electric are both called "Star Electric" but have other company domains or countries: `+"`keepwarm customers merge 1 2`") {
		t.Fatalf("namesakes: %s", out)
	}
}
