package config

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
	foreign := false // the directory refuses and is not keepwarm's own
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrPermission) {
		target, mode = filepath.Dir(path), "750"
		foreign = !OwnDir(target)
	}
	detail := ""
	if fi, serr := os.Stat(target); serr == nil {
		detail = fmt.Sprintf(" (%s is %s", target, fi.Mode().Perm())
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			detail += ", owner " + userName(st.Uid) + ", group " + groupName(st.Gid)
		}
		detail += ")"
	}
	if foreign {
		// Opening a directory keepwarm does not own (/etc, /root, a home)
		// to another group would lock its other users out or expose it.
		moved := "/etc/keepwarm/" + filepath.Base(path)
		return fmt.Errorf("config %s: user %s cannot read it%s: %s is not keepwarm's own directory, so leave its group and mode as they are and move the config into a directory of its own that the user may enter, e.g. install -d -g %s -m 750 /etc/keepwarm && mv %s /etc/keepwarm/ && chgrp %s %s && chmod 640 %s (paths in it relative to its directory then resolve there) (%w)",
			path, who, detail, target, group, path, group, moved, moved, err)
	}
	return fmt.Errorf("config %s: user %s cannot read it%s: make it readable by the user keepwarm runs as, e.g. "+fix+" (%w)",
		path, who, detail, group, target, mode, target, err)
}

// OwnDir reports whether dir is keepwarm's own directory, one whose group
// and mode may be changed for keepwarm's sake: its name says keepwarm
// (/etc/keepwarm, /var/lib/keepwarm, /srv/keepwarm-eu). Anything else
// (/, /etc, /root, a home, the directory an admin happened to be in) is
// shared with other programs and users and is left as it is.
func OwnDir(dir string) bool {
	return strings.Contains(strings.ToLower(filepath.Base(filepath.Clean(dir))), "keepwarm")
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
