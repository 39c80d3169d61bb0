package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/config"
	"keepwarm/internal/runas"
)

// TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade: a tick or sync run
// with sudo leaves the database's .lock, or the .key of its sealed
// sign-ins, root's, beside a database the service's user owns. check, run
// as that user (the README's hand check), fails on it and gives the
// chown, not a database = path to move to: the directory is right. As
// root, who writes everything, the paths are checked in a copy of this
// test binary run as nobody; as another user, the file is made
// unwritable.
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
	for _, suffix := range []string{".lock", ".key"} {
		t.Run(suffix, func(t *testing.T) { checkNamesForeignDatabaseFile(t, suffix) })
	}
}

func checkNamesForeignDatabaseFile(t *testing.T, suffix string) {
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
	db, lock := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db"+suffix)
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
		if out, err = exec.Command(os.Args[0], "-test.run=^TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade$/^$").Output(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	} else {
		uid, gid := runas.Nobody(t)
		for _, p := range []string{dir, db} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		out = []byte(runas.Test(t, uid, gid, dir, "^TestCheckNamesTheOwnerOfADatabaseFileASudoTickMade$/^$", "KEEPWARM_TEST_CHECK_PATHS="+path))
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
