package app

import (
	"fmt"
	"os"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// TestMain keeps every connection keepwarm opens in these tests on this
// machine: an address elsewhere (a provider preset's server) is refused at
// once, and fails the run.
func TestMain(m *testing.M) {
	mailsync.DialCheck = mailtest.RefuseOutside
	code := m.Run()
	if out := mailtest.Outside(); len(out) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: the tests asked to connect outside this machine: %v\n", out)
		code = 1
	}
	os.Exit(code)
}
