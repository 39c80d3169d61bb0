package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"keepwarm"
)

// openPTY opens a pseudo-terminal: what a person types is written to
// the controller (first), and keepwarm reads the terminal (second).
func openPTY(t *testing.T) (controller, tty *os.File) {
	t.Helper()
	controller, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	var unlock int32
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, controller.Fd(), unix.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		controller.Close()
		t.Skipf("no pseudo-terminal here: %v", e)
	}
	n, err := unix.IoctlGetInt(int(controller.Fd()), unix.TIOCGPTN)
	if err != nil {
		controller.Close()
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		controller.Close()
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { tty.Close(); controller.Close() })
	return controller, tty
}

// runOnTerminal runs keepwarm with the clock at at, its standard input a
// terminal at which a person types typed.
func (r *seqRig) runOnTerminal(at time.Time, typed string, args ...string) (int, string, string) {
	r.t.Helper()
	controller, tty := openPTY(r.t)
	if _, err := controller.WriteString(typed); err != nil {
		r.t.Fatal(err)
	}
	var out, errb bytes.Buffer
	m := NewMain(tty, &out, &errb, func(k string) string { return r.env[k] })
	m.Clock = keepwarm.NewManualClock(at)
	code := m.Run(context.Background(), append([]string{"--config", r.config, "--log-level", "warn"}, args...))
	return code, out.String(), errb.String()
}
