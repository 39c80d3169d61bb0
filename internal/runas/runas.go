// Package runas runs one test of the calling test binary again as another
// user: the tests of what keepwarm tells an operator about a file another
// user made (a database a sudo sync left root's, a config only root reads)
// need a process that really is not its owner.
package runas

import (
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// Nobody returns the uid and gid of the user nobody; the test is skipped
// on a machine that has none.
func Nobody(t testing.TB) (uid, gid int) {
	t.Helper()
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no user nobody to run as")
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err1 != nil || err2 != nil {
		t.Skipf("user nobody has no numeric ids (%s:%s)", u.Uid, u.Gid)
	}
	return uid, gid
}

// Test runs the tests run names (a -test.run pattern) in a copy of this
// test binary as uid:gid, in dir, with env ("KEY=value") added to this
// process's environment, and returns what they printed; t fails if they
// do. Only root may do this. The copy lies in a directory of its own that
// any user may enter: t.TempDir's parents are root's alone.
func Test(t testing.TB, uid, gid int, dir, run string, env ...string) string {
	t.Helper()
	binDir, err := os.MkdirTemp("", "keepwarm-runas-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(binDir) })
	if err := os.Chmod(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(binDir, filepath.Base(os.Args[0]))
	if err := copyExecutable(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run="+run)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run %s as %d:%d: %v: %s", run, uid, gid, err, out)
	}
	return string(out)
}

func copyExecutable(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
