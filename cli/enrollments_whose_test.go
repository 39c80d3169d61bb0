package cli

import (
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// Stop cannot be undone: `keepwarm stop 128` typed for 182 must at least
// say whose follow-up ended, so the slip is seen. Pause and resume say it
// too.
func TestStopNamesTheCustomerThreadAndSequence(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	e := r.enrollments()
	if len(e) != 1 {
		t.Fatalf("the rig's follow-ups: %+v", e)
	}
	want := func(cmd, out, step string) {
		t.Helper()
		for _, w := range []string{"customer buyer.de (domain:buyer.de)", `"` + quotation.Subject + `"`, "sequence " + e[0].Sequence, step} {
			if !strings.Contains(out, w) {
				t.Fatalf("%s does not say %q:\n%s", cmd, w, out)
			}
		}
	}
	want("pause", r.must(day(1), "pause", "1"), "next step 1")
	want("resume", r.must(day(1), "resume", "1"), "next step 1")
	want("stop", r.must(day(1), "stop", "1", "--yes"), "stopped before step 1")
}
