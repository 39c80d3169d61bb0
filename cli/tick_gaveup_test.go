package cli

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A tick that gives up on a mail (the server refused the recipient for
// good) says so on stderr, naming the outbox item, and exits 4: under cron
// the exit status is what a monitor sees. The next tick does not say it
// again, and with --quiet a tick that did nothing prints nothing.
func TestTickExitStatusWhenItGaveUpOnAMail(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.RejectRcpt(hans, 550)
	code, out, errs := r.run(day(3), "tick")
	lines := r.outbox()
	if len(lines) != 1 {
		t.Fatalf("outbox: %+v", lines)
	}
	want := fmt.Sprintf("keepwarm: outbox %d (to %s from lily, subject ", lines[0].ID, hans)
	if code != 4 || !strings.Contains(errs, want) || !strings.Contains(errs, "failed: ") ||
		!strings.Contains(errs, "see keepwarm outbox; exit status 4") || !strings.Contains(out, "failed 1") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	code, out, errs = r.run(day(3).Add(time.Hour), "tick", "--quiet")
	if code != 0 || out != "" || strings.Contains(errs, "outbox") {
		t.Fatalf("the tick after: exit %d\nstdout %q\nstderr %s", code, out, errs)
	}
}
