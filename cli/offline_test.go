package cli

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// TestMain keeps every connection keepwarm opens in these tests on this
// machine: a mailbox, proxy or token endpoint elsewhere (a provider
// preset's smtp.office365.com) is refused at once, and fails the run.
func TestMain(m *testing.M) {
	mailsync.DialCheck = mailtest.RefuseOutside
	code := m.Run()
	if out := mailtest.Outside(); len(out) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the tests asked to connect outside this machine: %v\n", out)
		code = 1
	}
	os.Exit(code)
}

var watched sync.Map // *testing.T → true

// watchOutside fails t if keepwarm asks to connect outside this machine
// while t runs. The few tests that wait on real seconds run in parallel
// (t.Parallel), only with one another: a connection outside made while
// two run fails both.
func watchOutside(t *testing.T) {
	if _, seen := watched.LoadOrStore(t, true); seen {
		return
	}
	before := len(mailtest.Outside())
	t.Cleanup(func() {
		watched.Delete(t)
		if out := mailtest.Outside(); len(out) > before {
			t.Errorf("keepwarm asked to connect outside this machine: %v", out[before:])
		}
	})
}
