package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"keepwarm/config"
)

// TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade: a tick run with
// sudo leaves the database's .lock root's, beside a database the
// service's user owns. check, run as that user (the README's hand check),
// fails on it and gives the chown, not a database = path to move to: the
// directory is right. As root, who writes everything, the paths are
// checked in a copy of this test binary run as nobody; as another user,
// the .lock is made unwritable.
func TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade(t *testing.T) {
	if p := os.Getenv("KEEPWARM_TEST_CHECK_PATHS"); p != "" {
		cfg, err := config.Load(p)
		if err != nil {
			fmt.Print(err)
			return
		}
		checkPaths(os.Stdout, cfg, func(what string, err error, fix string) {
			if err != nil {
				fmt.Printf("FAIL  %s: %v\n      fix: %s\n", what, err, fix)
			}
		})
		return
	}
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir's are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "keepwarm.toml")
	body := strings.Replace(config.Example, `database = "keepwarm.db"`, `database = "kw.db"`, 1)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	db, lock := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.lock")
	for _, p := range []string{db, lock} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out []byte
	if os.Geteuid() != 0 {
		if err := os.Chmod(lock, 0); err != nil {
			t.Fatal(err)
		}
		if f, err := os.OpenFile(lock, os.O_RDWR, 0); err == nil {
			f.Close()
			t.Skip("this user writes a file of mode 000")
		}
		t.Setenv("KEEPWARM_TEST_CHECK_PATHS", path)
		var err error
		if out, err = exec.Command(os.Args[0], "-test.run=^TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade$").Output(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	} else {
		nobody, err := user.Lookup("nobody")
		if err != nil {
			t.Skip("no user nobody to run as")
		}
		uid, _ := strconv.Atoi(nobody.Uid)
		gid, _ := strconv.Atoi(nobody.Gid)
		for _, p := range []string{dir, db} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		binDir := t.TempDir()
		if err := os.Chmod(binDir, 0o755); err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(binDir, "cli.test")
		copyExecutable(t, os.Args[0], bin)
		cmd := exec.Command(bin, "-test.run=^TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade$")
		cmd.Env = append(os.Environ(), "KEEPWARM_TEST_CHECK_PATHS="+path)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		if out, err = cmd.Output(); err != nil {
			t.Fatalf("run as nobody: %v: %s", err, out)
		}
	}
	msg := string(out)
	t.Log(msg)
	want := []string{"FAIL  database " + db, "chmod u+rw " + lock}
	if os.Geteuid() == 0 {
		want = []string{"FAIL  database " + db, lock + " belongs to root and keepwarm runs as nobody", "chown nobody: " + lock}
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("check says %q, lacking %q", msg, w)
		}
	}
	if strings.Contains(msg, "database = ") {
		t.Errorf("check proposes moving a database whose directory keepwarm may write: %s", msg)
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
