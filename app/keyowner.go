package app

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"strings"
	"syscall"

	"keepwarm"
	"keepwarm/store"
)

// ownerOf is the user owning path, by name where the system knows it;
// ok is false when path cannot be looked at.
func ownerOf(path string) (uid uint32, name string, ok bool) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, "", false
	}
	sys, isUnix := st.Sys().(*syscall.Stat_t)
	if !isUnix {
		return 0, "", false
	}
	return sys.Uid, userName(sys.Uid), true
}

func userName(uid uint32) string {
	id := strconv.FormatUint(uint64(uid), 10)
	if u, err := user.LookupId(id); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + id
}

// keyFileForOwner refuses to make the key file as another user than the
// database's owner: `sudo keepwarm auth` would make it root's, readable by
// root only, and the service (running as the database's owner) could open
// no sign-in. Nothing is refused when KEEPWARM_SECRET_KEY is set or the key
// file is there already.
func (a *App) keyFileForOwner(name string) error {
	if strings.TrimSpace(a.Getenv(store.SecretKeyEnv)) != "" {
		return nil
	}
	if _, err := os.Stat(a.KeyPath()); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	uid, owner, ok := ownerOf(a.Cfg.DatabasePath())
	if !ok || int(uid) == os.Geteuid() {
		return nil
	}
	return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q: the database %s belongs to %s and this keepwarm runs as %s: the key file it would make (%s) would be readable by %s only, and the service could not open the sign-in: run `sudo -u %s keepwarm auth %s`",
		name, a.Cfg.DatabasePath(), owner, userName(uint32(os.Geteuid())), a.KeyPath(), userName(uint32(os.Geteuid())), owner, name)
}

// keyFileUnreadable explains a key file this process may not read: made
// by `keepwarm auth` run as another user (sudo), it is readable by that
// user only.
func keyFileUnreadable(keyPath, dbPath string, err error) error {
	if !errors.Is(err, fs.ErrPermission) {
		return err
	}
	me := userName(uint32(os.Geteuid()))
	fix := "give it to the user keepwarm runs as"
	if _, owner, ok := ownerOf(dbPath); ok {
		fix = "run `chown " + owner + " " + keyPath + "` (the database's owner)"
	}
	holder := "another user"
	if _, o, ok := ownerOf(keyPath); ok {
		holder = o
	}
	return keepwarm.Errorf(keepwarm.EINVALID, "the key file %s belongs to %s and keepwarm runs as %s, so it cannot read it (a `keepwarm auth` run as another user, e.g. with sudo, made it): %s",
		keyPath, holder, me, fix)
}
