package config

import (
	"path/filepath"
	"strings"
)

// ServiceDataDir is where the README's systemd unit lets keepwarm write
// (ReadWritePaths): the place an absolute database path should point.
const ServiceDataDir = "/var/lib/keepwarm"

// WrittenPath is a file or directory keepwarm writes, resolved as the
// daemon will use it.
type WrittenPath struct {
	Key  string // the config key, e.g. "database" or "sequences.dir"
	Path string // resolved: a relative value is relative to the config file's directory
	Dir  bool   // a directory keepwarm saves files into, not a file
}

// WrittenPaths are the database (which also gets -wal, -shm, .lock and
// .key files beside it) and the directories the manager's console saves
// sequences, templates and letters into, when set.
func (c *Config) WrittenPaths() []WrittenPath {
	out := []WrittenPath{{Key: "database", Path: c.DatabasePath()}}
	for _, d := range []struct{ key, dir string }{
		{"sequences.dir", c.Sequences.Dir}, {"sequences.templates_dir", c.Sequences.TemplatesDir}, {"greetings.letters_dir", c.Greetings.LettersDir},
	} {
		if d.dir != "" {
			out = append(out, WrittenPath{Key: d.key, Path: filepath.Clean(c.SequencesPath(d.dir)), Dir: true})
		}
	}
	return out
}

// Dir is the config file's directory, against which relative paths
// resolve ("" for a config parsed from memory).
func (c *Config) Dir() string { return c.dir }

// OutsideServiceDir says whether path lies outside ServiceDataDir, the one
// directory the README's unit (ProtectSystem=strict with
// ReadWritePaths=/var/lib/keepwarm) lets keepwarm write: /opt, /srv and
// /home are as read-only to it as /etc. false for a relative path.
func OutsideServiceDir(path string) bool {
	if !filepath.IsAbs(path) {
		return false
	}
	p := filepath.Clean(path)
	return p != ServiceDataDir && !strings.HasPrefix(p, ServiceDataDir+"/")
}

// OutsideDir says whether the absolute path lies outside dir (dir itself
// is inside).
func OutsideDir(path, dir string) bool {
	p, d := filepath.Clean(path), filepath.Clean(dir)
	return p != d && !strings.HasPrefix(p, strings.TrimSuffix(d, "/")+"/")
}

// ServiceReadOnly returns the system directory path lies under that a
// systemd service with ProtectSystem=full or strict (as the README's unit
// has) cannot write, whoever it runs as; "" when none.
func ServiceReadOnly(path string) string {
	if !filepath.IsAbs(path) {
		return ""
	}
	for _, d := range []string{"/etc", "/usr", "/boot", "/efi"} {
		if p := filepath.Clean(path); p == d || strings.HasPrefix(p, d+"/") {
			return d
		}
	}
	return ""
}
