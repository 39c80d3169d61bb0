package book

import (
	"strings"
	"testing"
)

// A time zone cell of "Local" is no place's zone (it is whatever zone the
// process runs in, UTC under systemd): warned of and not written, as an
// unknown name is; a real zone is written.
func TestTimeZoneCellLocalIsNotAZone(t *testing.T) {
	sheet, err := Parse([][]string{
		{"Company", "Email", "Time zone"},
		{"Meier GmbH", "hans@meier.de", "Local"},
		{"Globex", "anna@globex.de", "Europe/Berlin"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := sheet.Records[0]; r.TimeZoneWritten || r.TimeZone == "Local" || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], `time zone "Local" not recognised`) {
		t.Errorf("Local: zone %q (written %v), warnings %q", r.TimeZone, r.TimeZoneWritten, r.Warnings)
	}
	if r := sheet.Records[1]; r.TimeZone != "Europe/Berlin" || !r.TimeZoneWritten || len(r.Warnings) != 0 {
		t.Errorf("Europe/Berlin: zone %q (written %v), warnings %q", r.TimeZone, r.TimeZoneWritten, r.Warnings)
	}
}
