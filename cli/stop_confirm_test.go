package cli

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A stop cannot be undone and a mistyped id is another customer's: `stop
// ID --dry-run` names whose follow-up it is and stops nothing; on a
// terminal `stop ID` names it and asks; elsewhere it needs --yes, as
// customers handover does.
func TestStopNamesWhoseBeforeStopping(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	status := func() keepwarm.EnrollmentStatus {
		t.Helper()
		e := r.enrollments()
		if len(e) != 1 {
			t.Fatalf("the rig's follow-ups: %+v", e)
		}
		return e[0].Status
	}
	whose := []string{"customer buyer.de (domain:buyer.de)", `"` + quotation.Subject + `"`, "sequence ", "next step 1"}
	says := func(what, out string) {
		t.Helper()
		for _, w := range whose {
			if !strings.Contains(out, w) {
				t.Fatalf("%s does not say %q:\n%s", what, w, out)
			}
		}
	}
	out := r.must(day(1), "stop", "1", "--dry-run")
	says("stop --dry-run", out)
	if !strings.Contains(out, "dry run: enrollment 1 (active) would stop for good") || status() != keepwarm.EnrollActive {
		t.Fatalf("stop --dry-run: %s; status %s", out, status())
	}
	// A script without --yes: refused, nothing stopped.
	code, _, errs := r.run(day(1), "stop", "1")
	says("stop without --yes", errs)
	if code != 2 || !strings.Contains(errs, "nothing stopped: add --yes if that is meant") || status() != keepwarm.EnrollActive {
		t.Fatalf("stop without --yes: exit %d, %s; status %s", code, errs, status())
	}
	// At a terminal: asked; anything but yes changes nothing.
	code, _, errs = r.runOnTerminal(day(1), "n\n", "stop", "1")
	says("stop's question", errs)
	if code != 2 || !strings.Contains(errs, "Stop it? [y/N]") || !strings.Contains(errs, "nothing stopped") || status() != keepwarm.EnrollActive {
		t.Fatalf("stop answered n: exit %d, %s; status %s", code, errs, status())
	}
	code, out, errs = r.runOnTerminal(day(1), "y\n", "stop", "1")
	if code != 0 || !strings.Contains(out, "stopped before step 1") || status() != keepwarm.EnrollStopped {
		t.Fatalf("stop answered y: exit %d, %s %s; status %s", code, out, errs, status())
	}
	// Already stopped: the dry run says so.
	if out := r.must(day(1), "stop", "1", "--dry-run"); !strings.Contains(out, "enrollment 1 is already stopped: nothing to stop") {
		t.Fatalf("stop --dry-run of a stopped one: %s", out)
	}
}
