package cli

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"

	"keepwarm/config"
)

// serviceUnitPaths are where a keepwarm.service unit is looked for, the
// first that exists counting (with its drop-ins, NAME.d/*.conf): a
// variable so that tests can point it elsewhere.
var serviceUnitPaths = []string{
	"/etc/systemd/system/keepwarm.service",
	"/usr/local/lib/systemd/system/keepwarm.service",
	"/usr/lib/systemd/system/keepwarm.service",
	"/lib/systemd/system/keepwarm.service",
}

// checkUser is who check runs as: the effective uid and the user name
// ("" when unknown). A variable so that tests can be someone else.
var checkUser = func() (int, string) {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return os.Geteuid(), name
}

// serviceSetup is what check knows of the systemd service keepwarm runs
// as, for its warnings of paths that service cannot write.
type serviceSetup struct {
	// applies: there are signs of a service (a unit file, check run as
	// root or as the service's user, the config under /etc), and the
	// service may write only under writable.
	applies  bool
	why      string   // the sign, e.g. "check runs as root"
	unit     string   // the unit file read, "" when none exists (the README's is assumed)
	writable []string // ReadWritePaths= and StateDirectory=, or the README unit's /var/lib/keepwarm
}

// findService looks for signs that keepwarm runs, or is being set up to
// run, as a systemd service. A unit file that exists decides: with
// ProtectSystem=strict the service writes only under its ReadWritePaths=
// and StateDirectory=; without, it is not restricted so (ProtectSystem=full
// and /etc are warned of apart). With no unit file, check run as root or
// as the service's user keepwarm, or a config under /etc, is a setup of
// the README's unit, which writes only under /var/lib/keepwarm. Anything
// else (a user's own keepwarm, Docker, cron) is not warned of.
func findService(cfg *config.Config) serviceSetup {
	for _, unit := range serviceUnitPaths {
		if _, err := os.Stat(unit); err != nil {
			continue
		}
		strict, writable := readUnit(unit)
		return serviceSetup{applies: strict, why: unit + " has ProtectSystem=strict", unit: unit, writable: writable}
	}
	s := serviceSetup{writable: []string{config.ServiceDataDir}}
	uid, name := checkUser()
	switch {
	case uid == 0:
		s.why = "check runs as root"
	case name == serviceUser:
		s.why = "check runs as the service's user " + serviceUser
	case cfg.Dir() != "" && !config.OutsideDir(cfg.Dir(), "/etc"):
		s.why = "the config is under /etc"
	default:
		return serviceSetup{}
	}
	s.applies = true
	return s
}

// readUnit reads a unit file and its drop-ins (UNIT.d/*.conf, in name
// order) as systemd does for the settings that say where the service may
// write: the last ProtectSystem=, every ReadWritePaths= (an empty one
// clears those before it; a leading - or + is dropped) and StateDirectory=
// (relative to /var/lib). Specifiers (%S) are not expanded: such a path is
// left out.
func readUnit(unit string) (strict bool, writable []string) {
	var rw, state []string
	eachServiceSetting(unit, func(key, value string) {
		switch key {
		case "ProtectSystem":
			strict = value == "strict"
		case "ReadWritePaths":
			if value == "" {
				rw = nil
			}
			for _, p := range strings.Fields(value) {
				if p = strings.TrimLeft(p, "-+"); filepath.IsAbs(p) && !strings.Contains(p, "%") {
					rw = append(rw, filepath.Clean(p))
				}
			}
		case "StateDirectory":
			if value == "" {
				state = nil
			}
			for _, p := range strings.Fields(value) {
				if p, _, _ = strings.Cut(p, ":"); p != "" && !filepath.IsAbs(p) && !strings.Contains(p, "%") {
					state = append(state, filepath.Join("/var/lib", p))
				}
			}
		}
	})
	for _, d := range append(state, rw...) {
		if !slices.Contains(writable, d) {
			writable = append(writable, d)
		}
	}
	return strict, writable
}

// eachServiceSetting reads a unit file and its drop-ins (UNIT.d/*.conf, in
// name order) as systemd does, and gives set each key=value line of their
// [Service] sections in that order, key and value trimmed; comments,
// other sections and files it cannot read are passed over.
func eachServiceSetting(unit string, set func(key, value string)) {
	dropIns, _ := filepath.Glob(unit + ".d/*.conf")
	slices.Sort(dropIns)
	for _, name := range append([]string{unit}, dropIns...) {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		section := ""
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' || line[0] == ';' {
				continue
			}
			if strings.HasPrefix(line, "[") {
				section = line
				continue
			}
			key, value, ok := strings.Cut(line, "=")
			if !ok || section != "[Service]" {
				continue
			}
			set(strings.TrimSpace(key), strings.TrimSpace(value))
		}
	}
}

// outside says whether path lies outside every directory the service may
// write.
func (s serviceSetup) outside(path string) bool {
	if !s.applies || !filepath.IsAbs(path) {
		return false
	}
	for _, d := range s.writable {
		if !config.OutsideDir(path, d) {
			return false
		}
	}
	return true
}

// where names the directories the service may write, as a warning says it.
func (s serviceSetup) where() string {
	if s.unit == "" {
		return fmt.Sprintf("%s, the only directory the README's systemd unit lets keepwarm write (ProtectSystem=strict, ReadWritePaths=%s), and %s",
			config.ServiceDataDir, config.ServiceDataDir, s.why)
	}
	if len(s.writable) == 0 {
		return fmt.Sprintf("every directory %s lets keepwarm write (ProtectSystem=strict, and no ReadWritePaths= or StateDirectory=)", s.unit)
	}
	return fmt.Sprintf("%s, where %s lets keepwarm write (ProtectSystem=strict)", strings.Join(s.writable, " "), s.unit)
}

// fix is how to make the warning go away for path: add its directory to
// the unit's ReadWritePaths=, or move it under a directory the service
// writes, named only when this user can write there too (root, or the
// service's user), never one a user cannot follow.
func (s serviceSetup) fix(path string, dir bool) string {
	d := path
	if !dir {
		d = filepath.Dir(path)
	}
	unit := "the unit's"
	if s.unit != "" {
		unit = s.unit + "'s"
	}
	add := fmt.Sprintf("add %s to %s ReadWritePaths=", d, unit)
	if s.unit != "" {
		add += " (then systemctl daemon-reload)"
	}
	for _, w := range s.writable {
		if probeWritable(w, true) != nil {
			continue
		}
		if !dir {
			return fmt.Sprintf("set database = %q, or %s", filepath.Join(w, "keepwarm.db"), add)
		}
		return fmt.Sprintf("use a directory under %s, or %s", w, add)
	}
	return add
}
