package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"keepwarm"
	"keepwarm/store"
)

// ownerOf is the user and group owning path, the user by name where the
// system knows it; ok is false when path cannot be looked at.
func ownerOf(path string) (uid, gid uint32, name string, ok bool) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, "", false
	}
	sys, isUnix := st.Sys().(*syscall.Stat_t)
	if !isUnix {
		return 0, 0, "", false
	}
	return sys.Uid, sys.Gid, userOr(sys.Uid, "uid %d"), true
}

// userOr is the user's name, or unnamed (a format taking the uid) where
// the system knows none: "uid %d" to tell a person, "'#%d'" as `sudo -u`
// takes it, "%d" as chown takes it.
func userOr(uid uint32, unnamed string) string {
	if u, ok := lookupName(uid); ok {
		return u
	}
	return fmt.Sprintf(unnamed, uid)
}

func lookupName(uid uint32) (string, bool) {
	u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10))
	if err != nil || u.Username == "" {
		return "", false
	}
	return u.Username, true
}

// keyFileForOwner sees that the key file auth is about to make can be read
// by the database's owner, as whom the service runs: run as root (sudo, or
// a container's exec), auth makes it and gives it to that owner; run as
// another user, who could not give it away, auth refuses and names the
// user to run it as. Nothing is done when KEEPWARM_SECRET_KEY is set or the
// key file is there already.
func (a *App) keyFileForOwner(name string) error {
	if strings.TrimSpace(a.Getenv(store.SecretKeyEnv)) != "" {
		return nil
	}
	if _, err := os.Stat(a.KeyPath()); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	uid, gid, _, ok := ownerOf(a.Cfg.DatabasePath())
	me := os.Geteuid()
	if !ok || int(uid) == me {
		return nil
	}
	if me == 0 {
		// Given to the owner before it is put in place: a crash never
		// leaves it root's, which the service could not read.
		err := store.MakeKeyFileFor(a.KeyPath(), int(uid), int(gid))
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Op == "chown" {
			return fmt.Errorf("mailbox %q: give the key file %s to the database's owner %s: %w", name, a.KeyPath(), userOr(uid, "uid %d"), err)
		}
		if err != nil {
			return keyFileUnreadable(a.KeyPath(), a.Cfg.DatabasePath(), err)
		}
		return nil
	}
	return keyOwnerRefusal(name, a.Cfg.DatabasePath(), a.KeyPath(), uid, uint32(me))
}

// keyOwnerRefusal is auth's refusal to make the key file as the user me,
// not the database's owner.
func keyOwnerRefusal(name, dbPath, keyPath string, owner, me uint32) error {
	return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q: the database %s belongs to %s and this keepwarm runs as %s: the key file it would make (%s) would be readable by %s only, and the service could not open the sign-in: run `sudo -u %s keepwarm auth %s`",
		name, dbPath, userOr(owner, "uid %d"), userOr(me, "uid %d"), keyPath, userOr(me, "uid %d"), userOr(owner, "'#%d'"), name)
}

// KeyFileError is a key file this process may not read or make. Fix says
// what to do; Error says both.
type KeyFileError struct {
	Msg, Fix string
	Err      error
}

func (e *KeyFileError) Error() string { return e.Msg + ": " + e.Fix }

func (e *KeyFileError) Unwrap() []error {
	return []error{keepwarm.Errorf(keepwarm.EINVALID, "%s", e.Msg), e.Err}
}

// keyFileUnreadable explains a key file this process may not read or
// make. One the database's owner has, while keepwarm runs as another user,
// is keepwarm run as the wrong user; one another user has was made by
// `keepwarm auth` run as that user (sudo), and is given to the database's
// owner; one that cannot be made names the directory.
func keyFileUnreadable(keyPath, dbPath string, err error) error {
	if !errors.Is(err, fs.ErrPermission) {
		return err
	}
	meUID := uint32(os.Geteuid())
	me := userOr(meUID, "uid %d")
	dbUID, _, dbOwner, dbOK := ownerOf(dbPath)
	keyUID, _, keyOwner, keyOK := ownerOf(keyPath)
	if _, statErr := os.Lstat(keyPath); errors.Is(statErr, fs.ErrNotExist) {
		dir := filepath.Dir(keyPath)
		fix := "make " + dir + " writable by " + me + ", or set " + store.SecretKeyEnv
		if dbOK && dbUID != meUID {
			fix = "run keepwarm as " + dbOwner + ", the database's owner (`sudo -u " + userOr(dbUID, "'#%d'") + " keepwarm …`), or make " + dir + " writable by " + me
		}
		return &KeyFileError{Msg: fmt.Sprintf("the key file %s cannot be made: keepwarm runs as %s and may not write in %s", keyPath, me, dir), Fix: fix, Err: err}
	}
	switch {
	case dbOK && keyOK && keyUID == dbUID && keyUID != meUID:
		return &KeyFileError{
			Msg: fmt.Sprintf("keepwarm runs as %s, but the database %s and its key file %s belong to %s, so it cannot read the key file", me, dbPath, keyPath, dbOwner),
			Fix: "run keepwarm as " + dbOwner + " (`sudo -u " + userOr(dbUID, "'#%d'") + " keepwarm …`, or User= in the service's unit)",
			Err: err}
	case dbOK && keyOK && keyUID != dbUID:
		return &KeyFileError{
			Msg: fmt.Sprintf("the key file %s belongs to %s and keepwarm runs as %s, so it cannot read it (a `keepwarm auth` run as another user, e.g. with sudo, made it)", keyPath, keyOwner, me),
			Fix: "run `chown " + userOr(dbUID, "%d") + " " + keyPath + "` (the database's owner)",
			Err: err}
	}
	holder := "another user"
	if keyOK {
		holder = keyOwner
	}
	return &KeyFileError{
		Msg: fmt.Sprintf("the key file %s belongs to %s and keepwarm runs as %s, so it cannot read it", keyPath, holder, me),
		Fix: "give it to the user keepwarm runs as, or run keepwarm as its owner",
		Err: err}
}
