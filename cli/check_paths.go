package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"

	"keepwarm/app"
	"keepwarm/config"
)

// checkPaths says, for the database and the directories the manager's
// console saves into, whether keepwarm can write there: as the user check
// runs as, and under the README's systemd unit, which lets keepwarm write
// only under /var/lib/keepwarm (/etc and /usr not even as root): a check
// run by hand cannot see that by trying. Paths outside the directories the
// service may write are warned of only where there are signs of that
// service (findService). A database it cannot write is a failure: run and
// sync cannot start.
func checkPaths(w io.Writer, cfg *config.Config, report func(string, error, string)) {
	who := "this user"
	if u, err := user.Current(); err == nil {
		who = "user " + u.Username
	}
	where := "a relative path is relative to the config file's directory"
	if d := cfg.Dir(); d != "" {
		where += ", " + d
	}
	svc := findService(cfg)
	for _, p := range cfg.WrittenPaths() {
		saves := map[string]string{"sequences.dir": "sequences", "sequences.templates_dir": "templates", "greetings.letters_dir": "letters"}[p.Key]
		err := probeWritable(p.Path, p.Dir)
		switch {
		case err != nil && !p.Dir:
			report(fmt.Sprintf("database %s: %s cannot write there, so run and sync cannot start", p.Path, who), err, app.DatabaseFix(cfg))
		case err != nil:
			fmt.Fprintf(w, "warn  %s %s: %s cannot write there (%v): the manager's console cannot save %s (run still reads them); %s\n", p.Key, p.Path, who, err, saves, where)
		case config.ServiceReadOnly(p.Path) != "" && !p.Dir:
			fmt.Fprintf(w, "warn  database %s is under %s, which a systemd service with ProtectSystem=full or strict (as in the README's unit) cannot write, even as root: run will fail there; set database = %q (%s)\n",
				p.Path, config.ServiceReadOnly(p.Path), config.ServiceDataDir+"/keepwarm.db", where)
		case config.ServiceReadOnly(p.Path) != "":
			fmt.Fprintf(w, "warn  %s %s is under %s, which a systemd service with ProtectSystem=full or strict (as in the README's unit) cannot write: the manager's console cannot save %s there; use a directory under %s (%s)\n",
				p.Key, p.Path, config.ServiceReadOnly(p.Path), saves, config.ServiceDataDir, where)
		case svc.outside(p.Path) && !p.Dir:
			fmt.Fprintf(w, "ok    database %s: %s can write there\n", p.Path, who)
			fmt.Fprintf(w, "warn  database %s is outside %s: run as that service will fail there; %s (%s)\n",
				p.Path, svc.where(), svc.fix(p.Path, false), where)
		case svc.outside(p.Path):
			fmt.Fprintf(w, "warn  %s %s is outside %s: under that service the manager's console cannot save %s there; %s (%s)\n",
				p.Key, p.Path, svc.where(), saves, svc.fix(p.Path, true), where)
		case !p.Dir:
			fmt.Fprintf(w, "ok    database %s: %s can write there\n", p.Path, who)
		}
	}
}

// probeWritable says why keepwarm could not write path (a file it opens
// or creates, or a directory it saves into), nil when it can: it opens an
// existing database, and the files beside it that exist (app.DatabaseFiles:
// a sync run with sudo leaves them root's), for writing, or creates and
// removes a temporary file in the nearest directory that exists (so it
// makes no directory itself).
func probeWritable(path string, dir bool) error {
	target := path
	if !dir {
		if _, err := app.UnwritableDatabaseFiles(path); err != nil {
			return err
		}
		target = filepath.Dir(path)
	}
	d := target
	for {
		fi, err := os.Stat(d)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%s is not a directory", d)
			}
			break
		}
		parent := filepath.Dir(d)
		if !errors.Is(err, fs.ErrNotExist) || parent == d {
			return err
		}
		d = parent
	}
	f, err := os.CreateTemp(d, ".keepwarm-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
