package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// Brunei's follow-ups skip its Friday and Sunday though keepwarm knows no
// holidays of it: `keepwarm calendar BN` shows that week and says that no
// holiday is known, instead of refusing the country the follow-ups use.
func TestCalendarOfACountryWhoseWeekAloneIsKnown(t *testing.T) {
	c := newCLI(t, defaultConfigFile, nil)
	code, out, errOut := c.run(context.Background(), "calendar", "BN", "--year", "2027", "--json")
	if code != 0 {
		t.Fatalf("calendar BN --json: exit %d: %s", code, errOut)
	}
	var got struct {
		Name     string            `json:"name"`
		Weekend  []string          `json:"weekend"`
		Holidays []json.RawMessage `json:"holidays"`
		Notes    string            `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Name != "Brunei" || !slices.Equal(got.Weekend, []string{"fri", "sun"}) || got.Holidays == nil || len(got.Holidays) != 0 ||
		!strings.Contains(got.Notes, "No holidays") {
		t.Errorf("calendar BN --json: %s", out)
	}
	text := c.mustRun("calendar", "NP", "--year", "2027")
	if !strings.Contains(text, "weekend: sat\n") || !strings.Contains(text, "No holidays of this country are known") {
		t.Errorf("calendar NP:\n%s", text)
	}
	code, _, errOut = c.run(context.Background(), "calendar", "XX")
	if code == 0 || !strings.Contains(errOut, "no calendar for this country") || !strings.Contains(errOut, "BN") {
		t.Errorf("calendar XX: exit %d: %s", code, errOut)
	}
}
