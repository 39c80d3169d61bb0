package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"keepwarm/config"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// initCmd writes the commented example config as DIR/keepwarm.toml, or,
// without DIR, as the file --config or KEEPWARM_CONFIG names (the one
// check, sync and run then read). It never overwrites: a config that
// exists may hold a team's real settings.
type initCmd struct {
	Dir string `arg:"" name:"dir" optional:"" help:"the directory to write keepwarm.toml into (default: the file --config or KEEPWARM_CONFIG names, else ./keepwarm.toml)"`
}

func (opt *initCmd) Run(m *Main) error {
	path, err := initTarget(opt.Dir, m.configPath)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	_, serr := os.Stat(dir)
	created := errors.Is(serr, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("init: %s already exists: edit it, or remove it first", path)
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if _, err := f.WriteString(config.Example); err != nil {
		f.Close()
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("init: write %s: %w", path, err)
	}
	fmt.Fprint(m.Stdout, initDatabaseNote(path, os.Geteuid() == 0))
	if os.Geteuid() != 0 {
		fmt.Fprint(m.Stdout, initNext(path, selfCommand()))
		return nil
	}
	_, err = user.Lookup(serviceUser)
	fmt.Fprint(m.Stdout, initRootNote(dir, path, created, err == nil))
	fmt.Fprint(m.Stdout, initRootNext(dir, path, created, selfCommand()))
	return nil
}

// initNext is init's "next:" for a user other than root, with self the
// command that runs keepwarm (selfCommand).
func initNext(path, self string) string {
	return fmt.Sprintf("wrote %s\nnext: edit it (team domains, salespeople, mailboxes), export the password variables it names, then run\n  %s --config %s check\n  %s --config %s sync\n",
		path, self, path, self, path)
}

// selfCommand is how to run this keepwarm again, for the commands init
// proposes: under `go run` (the README's Set up) the binary is a
// temporary build, so "go run ./cmd/keepwarm"; installed on the PATH,
// "keepwarm"; elsewhere, its path.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil {
		return "keepwarm"
	}
	onPath, _ := exec.LookPath("keepwarm")
	return invocation(exe, onPath, goCache())
}

// goCache is Go's build cache directory ("" when unknown): $GOCACHE, else
// what `go env GOCACHE` says (a go env -w setting, the default).
func goCache() string {
	if c := os.Getenv("GOCACHE"); c != "" && c != "off" {
		return c
	}
	if _, err := exec.LookPath("go"); err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOCACHE").Output()
	if c := strings.TrimSpace(string(out)); err == nil && c != "off" {
		return c
	}
	return ""
}

// invocation is selfCommand for the executable exe, with onPath the
// "keepwarm" the PATH finds ("" when none) and gocache Go's build cache:
// a first `go run` builds under a go-build temporary directory, a repeated
// one runs its cached copy from gocache; both are "go run".
func invocation(exe, onPath, gocache string) string {
	for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(exe)), "/") {
		if strings.HasPrefix(part, "go-build") {
			return "go run ./cmd/keepwarm"
		}
	}
	if gocache != "" {
		if rel, err := filepath.Rel(filepath.Clean(gocache), exe); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "go run ./cmd/keepwarm"
		}
	}
	if onPath != "" {
		a, errA := os.Stat(exe)
		b, errB := os.Stat(onPath)
		if errA == nil && errB == nil && os.SameFile(a, b) {
			return "keepwarm"
		}
	}
	return exe
}

// serviceUser is the user the README's systemd unit runs keepwarm as.
const serviceUser = "keepwarm"

// initRootNext is init's "next:" as root: check and sync run as the
// service's user with the unit's secrets.env, as the README's hand check
// does. Run as root, a first sync makes a database (and its -wal, -shm,
// .lock) only root may open, which the service then cannot.
// The service's user runs the installed keepwarm, as the unit does: run
// any other way (self, selfCommand), init first says how to install it.
func initRootNext(dir, path string, created bool, self string) string {
	secrets := initSecrets(dir, created)
	run := func(cmd string) string {
		return fmt.Sprintf("  sudo -u %s sh -c 'set -a; . %s; exec keepwarm --config %s %s'\n", serviceUser, secrets, path, cmd)
	}
	install := ""
	switch {
	case self == "go run ./cmd/keepwarm":
		install = "build the binary the service's user and the unit run: CGO_ENABLED=1 go build -o /usr/local/bin/keepwarm ./cmd/keepwarm; "
	case self != "keepwarm":
		install = fmt.Sprintf("install the binary where the service's user and the unit run it: install -m 755 %s /usr/local/bin/keepwarm; ", self)
	}
	return fmt.Sprintf("wrote %s\nnext: edit it (team domains, salespeople, mailboxes), put the password variables it names in %s (one NAME='value' line each, which the unit's EnvironmentFile= reads too), %sthen run check and sync as the user %s, not as root: a database a sync run as root makes is root's, and the service cannot open it\n",
		path, secrets, install, serviceUser) + run("check") + run("sync")
}

// initSecrets is the secrets.env the unit's EnvironmentFile= and init's
// check and sync read: beside the config in keepwarm's own directory, else
// in /etc/keepwarm.
func initSecrets(dir string, created bool) string {
	if created || config.OwnDir(dir) {
		return filepath.Join(dir, "secrets.env")
	}
	return "/etc/keepwarm/secrets.env"
}

// initTarget is the file init writes: DIR/keepwarm.toml, or without DIR
// the config file keepwarm reads (configPath: --config, else
// KEEPWARM_CONFIG, else keepwarm.toml), so that the check and sync init
// then proposes read what it wrote. It refuses a DIR that names a file
// (init would make a directory keepwarm.toml/ and write into it), and a
// DIR whose keepwarm.toml is not the config keepwarm reads.
func initTarget(dir, configPath string) (string, error) {
	cfgAbs := configPath
	if abs, err := filepath.Abs(configPath); err == nil {
		cfgAbs = abs
	}
	if dir == "" {
		if fi, err := os.Stat(cfgAbs); err == nil && fi.IsDir() {
			return "", usageError{fmt.Sprintf("init: the config file %s is a directory: name a file, e.g. --config %s", configPath, filepath.Join(configPath, "keepwarm.toml"))}
		}
		return cfgAbs, nil
	}
	abs := dir
	if a, err := filepath.Abs(dir); err == nil {
		abs = a
	}
	fi, err := os.Stat(abs)
	if (err == nil && !fi.IsDir()) || (err != nil && strings.EqualFold(filepath.Ext(abs), ".toml")) {
		return "", usageError{fmt.Sprintf("init takes a directory, not a file (%s): `keepwarm init %s` writes %s, and `keepwarm --config %s init` writes %s itself",
			dir, filepath.Dir(abs), filepath.Join(filepath.Dir(abs), "keepwarm.toml"), dir, dir)}
	}
	path := filepath.Join(abs, "keepwarm.toml")
	if configPath != defaultConfigFile && path != cfgAbs {
		return "", usageError{fmt.Sprintf("init: %s would write %s, but keepwarm reads %s (from --config or KEEPWARM_CONFIG): leave out %s to write %s, or run `keepwarm --config %s init %s`",
			dir, path, configPath, dir, cfgAbs, path, dir)}
	}
	return path, nil
}

// initDatabaseNote says where the starter config's database will be (its
// relative path resolves against the config file's directory, not the
// working directory) and, when that is a directory a systemd service may
// not write (the README's unit makes /etc read-only), what to set instead.
// Run as root, init prepares a service (initRootNote makes its directory
// /var/lib/keepwarm, the only one the README's unit lets it write): a
// database anywhere else, /opt or /srv as much as /etc, is to be moved
// there first.
func initDatabaseNote(path string, asRoot bool) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	cfg, err := config.Load(path)
	if err != nil {
		return ""
	}
	db := cfg.DatabasePath()
	note := fmt.Sprintf("the database will be %s (database = %q is relative to the config file's directory)\n", db, cfg.Database)
	if d := config.ServiceReadOnly(db); d != "" {
		note += fmt.Sprintf("to run keepwarm as a service (the README's systemd unit), set database = %q first: a service cannot write under %s\n",
			config.ServiceDataDir+"/keepwarm.db", d)
	} else if asRoot && config.OutsideServiceDir(db) {
		note += fmt.Sprintf("to run keepwarm as a service (the README's systemd unit), set database = %q first: the unit lets keepwarm write only under %s (ProtectSystem=strict, ReadWritePaths=%s), not in %s\n",
			config.ServiceDataDir+"/keepwarm.db", config.ServiceDataDir, config.ServiceDataDir, filepath.Dir(db))
	}
	return note
}

// initRootNote: run as root (as writing under /etc needs), init leaves a
// file only root may read, which the README's service, running as the
// user keepwarm, then cannot open. It says how to share it with that user.
// It proposes changing the directory only when the directory is keepwarm's
// own (init made it, or it is named for keepwarm): the same commands on
// ".", /etc or a home directory would lock other users out of it.
func initRootNote(dir, path string, created, userExists bool) string {
	head := fmt.Sprintf("%s is readable by root only; for a service that runs as the user keepwarm (the README's systemd unit):\n", path)
	if !userExists {
		// --user-group: where USERGROUPS_ENAB is no, useradd makes no
		// group keepwarm, which chgrp needs.
		head += "  useradd --system --home-dir " + config.ServiceDataDir + " --shell /usr/sbin/nologin --user-group " + serviceUser + "   # first: there is no user " + serviceUser + " yet, and chgrp needs its group\n"
	}
	// A system user gets no home directory: the database's is made (or
	// given back) here, as the README does, else the first sync as the
	// user keepwarm cannot make it.
	head += fmt.Sprintf("  install -d -o %s -g %s -m 750 %s   # the service's directory, where database = %q puts the database\n", serviceUser, serviceUser, config.ServiceDataDir, config.ServiceDataDir+"/keepwarm.db")
	// The check and sync below, and the unit, read secrets.env as the user
	// keepwarm: made by root (umask 077) it is root's alone.
	secrets := initSecrets(dir, created)
	share := fmt.Sprintf("  touch %s && chgrp keepwarm %s && chmod 640 %s\n", secrets, secrets, secrets)
	if created || config.OwnDir(dir) {
		return head + fmt.Sprintf("  chgrp keepwarm %s %s && chmod 750 %s && chmod 640 %s\n", dir, path, dir, path) + share
	}
	share = fmt.Sprintf("  install -d -g keepwarm -m 750 %s\n", filepath.Dir(secrets)) + share
	return head + fmt.Sprintf("  chgrp keepwarm %s && chmod 640 %s\n", path, path) + share +
		fmt.Sprintf("%s is not keepwarm's own directory, so leave its group and mode as they are; if the user keepwarm may not enter it, move the config into a directory of its own instead: keepwarm init /etc/keepwarm\n", dir)
}
