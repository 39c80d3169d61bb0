package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// unreadable explains a config file the process may not read: which user
// is asking, which of the file or its directory refuses (owner, group,
// mode), and the commands that let that user read it. The usual cause is
// `sudo keepwarm init /etc/keepwarm`, which writes a directory and file
// only root may read, followed by a service that runs as its own user.
func unreadable(path string, err error) error {
	who, group := "this user", "GROUP"
	if u, uerr := user.Current(); uerr == nil {
		who = u.Username
		group = u.Username
		if g, gerr := user.LookupGroupId(u.Gid); gerr == nil {
			group = g.Name
		}
	}
	// The directory refuses when even the file's status cannot be read.
	target, mode, fix := path, "640", "chgrp %s %s && chmod %s %s"
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrPermission) {
		target, mode = filepath.Dir(path), "750"
	}
	detail := ""
	if fi, serr := os.Stat(target); serr == nil {
		detail = fmt.Sprintf(" (%s is %s", target, fi.Mode().Perm())
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			detail += ", owner " + userName(st.Uid) + ", group " + groupName(st.Gid)
		}
		detail += ")"
	}
	return fmt.Errorf("config %s: user %s cannot read it%s: make it readable by the user keepwarm runs as, e.g. "+fix+" (%w)",
		path, who, detail, group, target, mode, target, err)
}

func userName(uid uint32) string {
	if u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10)); err == nil {
		return u.Username
	}
	return strconv.FormatUint(uint64(uid), 10)
}

func groupName(gid uint32) string {
	if g, err := user.LookupGroupId(strconv.FormatUint(uint64(gid), 10)); err == nil {
		return g.Name
	}
	return strconv.FormatUint(uint64(gid), 10)
}
