package app

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"keepwarm/config"
)

// DatabaseFiles are the files keepwarm keeps beside its database, as
// suffixes of its path: SQLite's journal and shared memory, the dispatch
// lock, the lock a sync holds and the key file of the sealed sign-ins.
var DatabaseFiles = []string{"", "-wal", "-shm", ".lock", syncLockSuffix, ".key"}

// UnwritableDatabaseFiles opens each of the database's files that exists
// for writing and returns those this user may not write, with the first
// error. check's probe and DatabaseFix both use it, so a file a sudo run
// left root's is named by both.
func UnwritableDatabaseFiles(db string) (locked []string, err error) {
	for _, s := range DatabaseFiles {
		fi, serr := os.Stat(db + s)
		if serr != nil || fi.IsDir() {
			continue
		}
		f, oerr := os.OpenFile(db+s, os.O_RDWR, 0)
		if oerr != nil {
			locked = append(locked, db+s)
			if err == nil {
				err = oerr
			}
			continue
		}
		f.Close()
	}
	return locked, err
}

// DatabaseFix says what lets keepwarm write its database once the file
// system refused it (store.Open failed, or check's probe did). Files of
// the database another user owns, left by a first sync or tick run as
// root, are given back with chown: the directory is right, and moving the
// database would not help (the README's path is the one already set). A
// file of this user's that it may not write is chmod'ed. Only a
// directory it may not write gets the advice to set database elsewhere.
func DatabaseFix(cfg *config.Config) string {
	db := cfg.DatabasePath()
	me := uint32(os.Geteuid())
	if fix := foreignDatabaseFiles(db, me); fix != "" {
		return fix
	}
	dir := filepath.Dir(db)
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() && syscall.Access(dir, 0o3) == nil {
		if locked, _ := UnwritableDatabaseFiles(db); len(locked) > 0 {
			return fmt.Sprintf("%s may not be written by %s, its owner: run `chmod u+rw %s`",
				strings.Join(locked, ", "), userOr(me, "uid %d"), strings.Join(locked, " "))
		}
	}
	where := "a relative path is relative to the config file's directory"
	if d := cfg.Dir(); d != "" {
		where += ", " + d
	}
	service := config.ServiceDataDir + "/keepwarm.db"
	if db == service {
		// Already where the README puts it: the directory is what is wrong.
		return serviceDirFix(dir, me)
	}
	return fmt.Sprintf("set database to a path in a directory it may write, e.g. database = %q (%s)", service, where)
}

// serviceDirFix is how me gets to write in dir, the README's directory
// for the database: chown of it when it exists, else install -d, which
// makes it theirs (`useradd --system` makes no home directory, and chown
// of a directory that is not there fails).
func serviceDirFix(dir string, me uint32) string {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return fmt.Sprintf("let %s write in %s: as root, `chown %s %s`", userOr(me, "uid %d"), dir, userOr(me, "%d"), dir)
	}
	return fmt.Sprintf("there is no directory %s for %s to write in: as root, `install -d -o %s -g %s -m 750 %s`",
		dir, userOr(me, "uid %d"), userOr(me, "%d"), groupOf(me), dir)
}

// groupOf is the name of uid's primary group, else its number (uid's own
// number when the system knows no such user).
func groupOf(uid uint32) string {
	u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10))
	if err != nil {
		return strconv.FormatUint(uint64(uid), 10)
	}
	if g, err := user.LookupGroupId(u.Gid); err == nil && g.Name != "" {
		return g.Name
	}
	return u.Gid
}

// foreignDatabaseFiles names the database's files that belong to a user
// other than me, and the chown that gives them to me; "" when there are
// none, or keepwarm runs as root, who opens them all.
func foreignDatabaseFiles(db string, me uint32) string {
	if me == 0 {
		return ""
	}
	var files, owners []string
	for _, s := range DatabaseFiles {
		uid, _, name, ok := ownerOf(db + s)
		if !ok || uid == me {
			continue
		}
		files = append(files, db+s)
		if !slices.Contains(owners, name) {
			owners = append(owners, name)
		}
	}
	if len(files) == 0 {
		return ""
	}
	to := userOr(me, "%d")
	if _, named := lookupName(me); named {
		to += ":" // and the user's group
	}
	verb := "belongs"
	if len(files) > 1 {
		verb = "belong"
	}
	return fmt.Sprintf("%s %s to %s and keepwarm runs as %s (as a sync or tick run as another user, e.g. with sudo, leaves them): as root, run `chown %s %s`",
		strings.Join(files, ", "), verb, strings.Join(owners, " and "), userOr(me, "uid %d"), to, strings.Join(files, " "))
}
