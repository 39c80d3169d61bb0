package cli

import (
	"context"
	"strings"
	"testing"
)

// digest --send and summary --send print what became of each mail, as
// text: given --format json or html they are refused (exit 2) naming both
// flags, rather than printing text a script would read as JSON.
func TestDigestSendRefusesFormat(t *testing.T) {
	c, _, _ := bookCLI(t, "")
	for _, args := range [][]string{
		{"digest", "--send", "--format", "json"},
		{"digest", "--send", "--format", "html", "--salesperson", "lily@acme-export.com"},
		{"summary", "--send", "--format", "json"},
		{"summary", "--send", "--format", "html"},
	} {
		code, out, errs := c.run(context.Background(), args...)
		if code != 2 || !strings.Contains(errs, "--send") || !strings.Contains(errs, "--format "+args[3]) {
			t.Errorf("%v: exit %d, want 2 naming --send and --format: %s %s", args, code, out, errs)
		}
		if strings.Contains(out, "queued") {
			t.Errorf("%v: a refused command queued: %s", args, out)
		}
	}
}
