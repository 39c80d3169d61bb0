package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/runas"
)

// noSuchUID has no entry in the passwd file of any test machine.
const noSuchUID = 54321

// TestKeyFileUnreadableSaysWhoToGiveItTo: a key file this process may not
// read (made by `sudo keepwarm auth`) is explained with the chown that
// gives it to the database's owner; other errors pass as they are.
func TestKeyFileUnreadableSaysWhoToGiveItTo(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("gives the database to another user: needs root")
	}
	dir := t.TempDir()
	db, key := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.key")
	for _, p := range []string{db, key} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chown(db, noSuchUID, noSuchUID); err != nil {
		t.Fatal(err)
	}
	err := keyFileUnreadable(key, db, &fs.PathError{Op: "open", Path: key, Err: fs.ErrPermission})
	if err == nil || !strings.Contains(err.Error(), "chown 54321 "+key) || !strings.Contains(err.Error(), "sudo") {
		t.Fatalf("err = %v, want the chown to the database's owner by number", err)
	}
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err = %v: code %s", err, keepwarm.ErrorCode(err))
	}
	other := &fs.PathError{Op: "open", Path: key, Err: fs.ErrNotExist}
	if got := keyFileUnreadable(key, db, other); got != other {
		t.Fatalf("another error became %v", got)
	}
}

// TestKeyFileOfTheDatabasesOwnerSaysRunAsTheOwner: a key file the
// database's owner has, read by keepwarm run as another user (a unit's
// wrong User=), is keepwarm run as the wrong user: no chown (it would do
// nothing), and the owner named to run it as, through SecretKey as check
// and the daemon see it. Root reads any file: as root, the database and
// its key are given to a uid with no name and SecretKey runs in a copy of
// this test as nobody.
func TestKeyFileOfTheDatabasesOwnerSaysRunAsTheOwner(t *testing.T) {
	if dir := os.Getenv("KEEPWARM_TEST_KEYOWNER"); dir != "" {
		a := New(&config.Config{Database: filepath.Join(dir, "kw.db")}, nil, Options{Getenv: func(string) string { return "" }})
		_, err := a.SecretKey(false)
		var kf *KeyFileError
		if !errors.As(err, &kf) {
			fmt.Printf("not a KeyFileError: %v\n", err)
			return
		}
		_ = json.NewEncoder(os.Stdout).Encode(struct{ Msg, Fix string }{kf.Msg, kf.Fix})
		return
	}
	dir := t.TempDir()
	db, key := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.key")
	for _, p := range []string{db, key} {
		if err := os.WriteFile(p, []byte("0123456789abcdef0123"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() == 0 {
		for _, p := range []string{db, key} {
			if err := os.Chown(p, noSuchUID, noSuchUID); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir's are 0700
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		uid, gid := runas.Nobody(t)
		out := runas.Test(t, uid, gid, dir, "^TestKeyFileOfTheDatabasesOwnerSaysRunAsTheOwner$", "KEEPWARM_TEST_KEYOWNER="+dir)
		// What the copy printed is the error as JSON; -test.v's lines follow.
		var got struct{ Msg, Fix string }
		if err := json.NewDecoder(strings.NewReader(out)).Decode(&got); err != nil || got.Msg == "" {
			t.Fatalf("SecretKey as nobody: %s", out)
		}
		kf := &KeyFileError{Msg: got.Msg, Fix: got.Fix}
		t.Logf("as nobody: %s", kf)
		wantRunAs(t, kf, "uid 54321", "sudo -u '#54321'")
		return
	}
	if err := os.Chmod(key, 0); err != nil {
		t.Fatal(err)
	}
	a := New(&config.Config{Database: db}, nil, Options{Getenv: func(string) string { return "" }})
	_, err := a.SecretKey(false)
	me := userOr(uint32(os.Geteuid()), "uid %d")
	wantRunAs(t, err, me, "sudo -u "+me)
}

func wantRunAs(t *testing.T, err error, owner, sudo string) {
	t.Helper()
	var kf *KeyFileError
	if !errors.As(err, &kf) || strings.Contains(err.Error(), "chown") || !strings.Contains(kf.Msg, "belong to "+owner) || !strings.Contains(kf.Fix, sudo) {
		t.Fatalf("err = %v, want keepwarm run as %s and no chown", err, owner)
	}
}

// TestKeyFileThatCannotBeMadeNamesTheDirectory: auth whose database's
// directory it may not write in says so, naming the directory, not a key
// file "of another user" to chown.
func TestKeyFileThatCannotBeMadeNamesTheDirectory(t *testing.T) {
	dir := t.TempDir()
	db, key := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.key")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := keyFileUnreadable(key, db, &fs.PathError{Op: "open", Path: key, Err: fs.ErrPermission})
	if err == nil || strings.Contains(err.Error(), "chown") || !strings.Contains(err.Error(), "may not write in "+dir) {
		t.Fatalf("err = %v, want the directory named", err)
	}
}

// TestAuthAsRootGivesTheKeyFileToTheDatabasesOwner: auth run as root (sudo,
// or docker exec into a container) over a database another uid owns, one
// with no name here, makes the key file and gives it to that uid, so the
// service running as the owner reads it; nothing is refused.
func TestAuthAsRootGivesTheKeyFileToTheDatabasesOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kw.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(db, noSuchUID, noSuchUID+1); err != nil {
		t.Fatal(err)
	}
	a := New(&config.Config{Database: db}, nil, Options{Getenv: func(string) string { return "" }})
	if err := a.keyFileForOwner("lily"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(a.KeyPath())
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	if sys.Uid != noSuchUID || sys.Gid != noSuchUID+1 || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file owned by %d:%d mode %o", sys.Uid, sys.Gid, st.Mode().Perm())
	}
	if _, err := a.SecretKey(true); err != nil {
		t.Fatal(err)
	}
}

// TestAuthRefusalNamesAUserWithoutNameBySudoSyntax: the refusal to make
// the key file as another user than the database's owner names an owner
// without a passwd entry as sudo takes it (#UID), not "uid 1000".
func TestAuthRefusalNamesAUserWithoutNameBySudoSyntax(t *testing.T) {
	err := keyOwnerRefusal("lily", "/srv/kw.db", "/srv/kw.db.key", noSuchUID, 0)
	if !strings.Contains(err.Error(), "run `sudo -u '#54321' keepwarm auth lily`") {
		t.Fatalf("err = %v", err)
	}
}

// TestUserOrWritesAnUnnamedUidAsEachToolTakesIt: a uid the system knows is
// written by its name; one it does not, in the form given (a person reads
// "uid N", `sudo -u` takes '#N', chown takes N).
func TestUserOrWritesAnUnnamedUidAsEachToolTakesIt(t *testing.T) {
	const unnamed = 3999999 // no account on a test machine
	if _, ok := lookupName(unnamed); ok {
		t.Skip("uid 3999999 has a name here")
	}
	for format, want := range map[string]string{"uid %d": "uid 3999999", "'#%d'": "'#3999999'", "%d": "3999999"} {
		if got := userOr(unnamed, format); got != want {
			t.Errorf("userOr(%d, %q) = %q, want %q", unnamed, format, got, want)
		}
	}
	me := uint32(os.Geteuid())
	name, ok := lookupName(me)
	if !ok {
		t.Skip("this process's uid has no name here")
	}
	if got := userOr(me, "'#%d'"); got != name {
		t.Errorf("userOr(%d) = %q, want the name %q", me, got, name)
	}
}
