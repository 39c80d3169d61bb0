package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/config"
	"keepwarm/internal/runas"
)

// ownerConfig is a config whose database is kw.db in its own directory.
const ownerConfig = `database = "kw.db"` + bossTeam + lilySalesperson + lilysMailbox

// TestOpenNamesTheOwnerOfADatabaseASudoSyncMade: a first sync run as root
// leaves the database root's, in a directory the service's user owns.
// Opened as that user, the error names the owner and the chown that gives
// the files back, not a database = path to move to (the directory is
// right). As root, who opens everything, Open runs in a copy of this
// test binary as nobody; as another user, the file is made unreadable.
func TestOpenNamesTheOwnerOfADatabaseASudoSyncMade(t *testing.T) {
	if p := os.Getenv("KEEPWARM_TEST_OPEN"); p != "" {
		a, err := Open(context.Background(), p, Options{Getenv: func(string) string { return "" }})
		if err != nil {
			os.Stdout.WriteString(err.Error())
			return
		}
		a.Close()
		return
	}
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir's are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "keepwarm.toml")
	if err := os.WriteFile(path, []byte(ownerConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	db := filepath.Join(dir, "kw.db")
	msg := openAsAnother(t, dir, path, db, "^TestOpenNamesTheOwnerOfADatabaseASudoSyncMade$", "KEEPWARM_TEST_OPEN")
	t.Log(msg)
	if os.Geteuid() == 0 {
		for _, want := range []string{db + " belongs to root and keepwarm runs as nobody", "chown nobody: " + db} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q", msg, want)
			}
		}
	} else if !strings.Contains(msg, "chmod u+rw "+db) {
		t.Errorf("error %q lacks the chmod of %s", msg, db)
	}
	if strings.Contains(msg, "database = ") {
		t.Errorf("error %q proposes moving a database whose directory keepwarm may write", msg)
	}
}

// openAsAnother runs the test named run in a copy of this test binary as
// nobody, with env set to path, after giving dir to nobody (root), or
// makes db unreadable and runs it here (another user); it returns what
// the test printed.
func openAsAnother(t *testing.T, dir, path, db, run, env string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(db, 0); err != nil {
			t.Fatal(err)
		}
		if f, err := os.OpenFile(db, os.O_RDWR, 0); err == nil {
			f.Close()
			t.Skip("this user writes a file of mode 000")
		}
		t.Setenv(env, path)
		return captureTest(t, run)
	}
	uid, gid := runas.Nobody(t)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	return runas.Test(t, uid, gid, dir, run, env+"="+path)
}

// captureTest is for a user other than root: the child runs here.
func captureTest(t *testing.T, run string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run="+run)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return string(out)
}

// TestLockNamesTheOwnerOfALockASudoTickMade: the dispatch lock a tick run
// with sudo left root's stops run (as the service's user) with its owner
// and the chown, as the database does.
func TestLockNamesTheOwnerOfALockASudoTickMade(t *testing.T) {
	if p := os.Getenv("KEEPWARM_TEST_LOCK"); p != "" {
		l, err := LockDispatch(p)
		if err != nil {
			os.Stdout.WriteString(err.Error())
			return
		}
		l.Release()
		return
	}
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir's are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	db, lock := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.lock")
	if err := os.WriteFile(lock, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	msg := openAsAnother(t, dir, db, lock, "^TestLockNamesTheOwnerOfALockASudoTickMade$", "KEEPWARM_TEST_LOCK")
	t.Log(msg)
	if os.Geteuid() == 0 {
		for _, want := range []string{lock + " belongs to root and keepwarm runs as nobody", "chown nobody: " + lock} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q", msg, want)
			}
		}
	} else if !strings.Contains(msg, "permission denied") {
		t.Errorf("error %q: want the lock refused", msg)
	}
}

// A database already at the README's path is never told to move there:
// the advice is the directory's owner.
func TestDatabaseFixNeverProposesThePathAlreadySet(t *testing.T) {
	cfg, err := config.Parse([]byte(strings.Replace(ownerConfig, `database = "kw.db"`, `database = "`+config.ServiceDataDir+`/keepwarm.db"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	fix := DatabaseFix(cfg)
	// chown of it when it is there, else the install -d that makes it.
	cmd := "chown "
	if _, err := os.Stat(config.ServiceDataDir); err != nil {
		cmd = "install -d -o "
	}
	if strings.Contains(fix, "database = ") || !strings.Contains(fix, cmd) || !strings.Contains(fix, config.ServiceDataDir) {
		t.Fatalf("fix %q", fix)
	}
}

// The README's database directory is made by install -d when it is not
// there (useradd --system makes no home directory, and chown of a missing
// directory fails), and chown'ed when it is.
func TestServiceDirFixMakesAMissingDirectory(t *testing.T) {
	me := uint32(os.Geteuid())
	there := t.TempDir()
	missing := filepath.Join(there, "keepwarm")
	if fix := serviceDirFix(missing, me); !strings.Contains(fix, "`install -d -o "+userOr(me, "%d")+" -g "+groupOf(me)+" -m 750 "+missing+"`") || strings.Contains(fix, "chown") {
		t.Errorf("missing directory: %q", fix)
	}
	if fix := serviceDirFix(there, me); !strings.Contains(fix, "`chown "+userOr(me, "%d")+" "+there+"`") {
		t.Errorf("existing directory: %q", fix)
	}
}
