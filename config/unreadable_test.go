package config

import (
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/runas"
)

// TestUnreadableConfigNamesUserAndFix: a config written by root for a
// service that runs as another user is refused with who asked, the file's
// owner and mode, and the chgrp/chmod that fixes it. As root (who reads
// everything) the load runs in a copy of this test binary as nobody.
func TestUnreadableConfigNamesUserAndFix(t *testing.T) {
	if p := os.Getenv("KEEPWARM_TEST_LOAD"); p != "" {
		_, err := Load(p)
		if err != nil {
			os.Stdout.WriteString(err.Error())
		}
		return
	}
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir's are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "keepwarm.toml")
	if err := os.WriteFile(path, []byte(minimal), 0o600); err != nil {
		t.Fatal(err)
	}
	var msg, who string
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil {
			t.Skip("this user reads a file of mode 000")
		}
		msg = err.Error()
		u, _ := user.Current()
		who = u.Username
	} else {
		uid, gid := runas.Nobody(t)
		out := runas.Test(t, uid, gid, dir, "^TestUnreadableConfigNamesUserAndFix$", "KEEPWARM_TEST_LOAD="+path)
		msg, who = out, "nobody"
	}
	t.Log(msg)
	for _, want := range []string{"user " + who + " cannot read it", "owner ", "rw-------", "chmod 640 " + path, "chgrp "} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

// TestUnreadableConfigInAForeignDirectory: when the directory refuses and
// it is not keepwarm's own (/root, a home, /etc), the message does not
// propose opening it to a group; it says to move the config into a
// directory of its own. A directory named for keepwarm gets the chmod.
func TestUnreadableConfigInAForeignDirectory(t *testing.T) {
	if p := os.Getenv("KEEPWARM_TEST_LOAD_DIR"); p != "" {
		_, err := Load(p)
		if err != nil {
			os.Stdout.WriteString(err.Error())
		}
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root, to make a directory another user may not enter")
	}
	uid, gid := runas.Nobody(t)
	base := t.TempDir()
	for _, d := range []string{filepath.Dir(base), base} { // t.TempDir's are 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	load := func(dirName string) string {
		dir := filepath.Join(base, dirName)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "keepwarm.toml")
		if err := os.WriteFile(path, []byte(minimal), 0o600); err != nil {
			t.Fatal(err)
		}
		return runas.Test(t, uid, gid, base, "^TestUnreadableConfigInAForeignDirectory$", "KEEPWARM_TEST_LOAD_DIR="+path)
	}
	msg := load("root")
	t.Log(msg)
	if strings.Contains(msg, "chmod 750 "+filepath.Join(base, "root")) {
		t.Errorf("proposes opening a directory that is not keepwarm's: %s", msg)
	}
	for _, want := range []string{"not keepwarm's own directory", "install -d -g ", "/etc/keepwarm"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	own := filepath.Join(base, "keepwarm")
	if msg := load("keepwarm"); !strings.Contains(msg, "chmod 750 "+own) {
		t.Errorf("no chmod for keepwarm's own directory: %s", msg)
	}
}
