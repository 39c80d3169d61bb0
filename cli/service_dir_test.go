package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/config"
)

// `sudo keepwarm init /opt/keepwarm` prepares a service whose unit lets
// keepwarm write only under /var/lib/keepwarm: it says to set the database
// there, as it makes that directory, not only for a config under /etc.
func TestInitAsRootMovesADatabaseOutsideTheServiceDir(t *testing.T) {
	opt := filepath.Join(t.TempDir(), "keepwarm.toml") // as /opt/keepwarm/keepwarm.toml
	if err := os.WriteFile(opt, []byte(config.Example), 0o600); err != nil {
		t.Fatal(err)
	}
	want := `set database = "/var/lib/keepwarm/keepwarm.db" first: the unit lets keepwarm write only under /var/lib/keepwarm`
	if note := initDatabaseNote(opt, true); !strings.Contains(note, want) || !strings.Contains(note, "not in "+filepath.Dir(opt)) {
		t.Fatalf("as root: %s", note)
	}
	// Not as root: no service is being set up.
	if note := initDatabaseNote(opt, false); strings.Contains(note, "/var/lib/keepwarm") {
		t.Fatalf("not as root: %s", note)
	}
	if note := initRootNote(filepath.Dir(opt), opt, false, true); !strings.Contains(note, `/var/lib/keepwarm   # the service's directory, where database = "/var/lib/keepwarm/keepwarm.db" puts the database`) {
		t.Fatalf("root note: %s", note)
	}
}

// serviceSigns makes check run as uid/name with the unit files units (none
// when empty) for the rest of the test.
func serviceSigns(t *testing.T, uid int, name string, units ...string) {
	oldUser, oldUnits := checkUser, serviceUnitPaths
	t.Cleanup(func() { checkUser, serviceUnitPaths = oldUser, oldUnits })
	checkUser = func() (int, string) { return uid, name }
	serviceUnitPaths = append([]string{filepath.Join(t.TempDir(), "none.service")}, units...)
}

// checkPathsOut is what checkPaths says of the config file path with body.
func checkPathsOut(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	checkPaths(&out, cfg, func(what string, err error, fix string) {
		if err != nil {
			t.Errorf("FAIL %s: %v", what, err)
		}
	})
	return out.String()
}

// A database (or a console directory) keepwarm can write by hand but
// outside /var/lib/keepwarm: check run as root (setting up the README's
// service) says the README's unit cannot write it.
func TestCheckWarnsOfPathsOutsideTheServiceDir(t *testing.T) {
	serviceSigns(t, 0, "root")
	dir := t.TempDir() // as /srv/kw
	body := strings.Replace(config.Example, `database = "keepwarm.db"`, `database = "kw.db"`, 1) +
		"\n[sequences]\ndir = \"seqs\"\n"
	out := checkPathsOut(t, filepath.Join(dir, "keepwarm.toml"), body)
	db := filepath.Join(dir, "kw.db")
	for _, want := range []string{
		"ok    database " + db,
		"warn  database " + db + " is outside /var/lib/keepwarm, the only directory the README's systemd unit lets keepwarm write (ProtectSystem=strict, ReadWritePaths=/var/lib/keepwarm), and check runs as root: run as that service will fail there",
		"add " + dir + " to the unit's ReadWritePaths=",
		"warn  sequences.dir " + filepath.Join(dir, "seqs") + " is outside /var/lib/keepwarm",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("check does not say %q:\n%s", want, out)
		}
	}
	// As the service's user too.
	serviceSigns(t, 999, "keepwarm")
	if out := checkPathsOut(t, filepath.Join(dir, "keepwarm.toml"), body); !strings.Contains(out, "and check runs as the service's user keepwarm: run as that service will fail there") {
		t.Fatalf("as keepwarm:\n%s", out)
	}
}

// A user's own keepwarm (the README's quick start, Docker, cron as a
// user): no unit, not root, the config not under /etc. check does not warn
// of the README's unit, whose /var/lib/keepwarm that user cannot write.
func TestCheckDoesNotWarnOfTheServiceDirWithoutAService(t *testing.T) {
	serviceSigns(t, 1000, "lily")
	dir := t.TempDir()
	out := checkPathsOut(t, filepath.Join(dir, "keepwarm.toml"), config.Example+"\n[sequences]\ndir = \"seqs\"\n")
	if strings.Contains(out, "/var/lib/keepwarm") || strings.Contains(out, "warn") || !strings.Contains(out, "ok    database "+filepath.Join(dir, "keepwarm.db")) {
		t.Fatalf("check warns of a service there is no sign of:\n%s", out)
	}
}

// With a unit file, check reads where it lets keepwarm write: a directory
// its ReadWritePaths= names (in the unit or a drop-in) is not warned of,
// and the advice, once followed, makes the warning go away.
func TestCheckReadsTheUnitsReadWritePaths(t *testing.T) {
	dir, units := t.TempDir(), t.TempDir()
	unit := filepath.Join(units, "keepwarm.service")
	write := func(name, body string) {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	serviceSigns(t, 1000, "lily", unit)
	write(unit, "[Unit]\nDescription=keepwarm\n\n[Service]\nUser=keepwarm\nStateDirectory=keepwarm\nProtectSystem=strict\nReadWritePaths=/var/lib/keepwarm\n")
	path := filepath.Join(dir, "keepwarm.toml")
	out := checkPathsOut(t, path, config.Example)
	want := "warn  database " + filepath.Join(dir, "keepwarm.db") + " is outside /var/lib/keepwarm, where " + unit + " lets keepwarm write (ProtectSystem=strict): run as that service will fail there"
	fix := "add " + dir + " to " + unit + "'s ReadWritePaths= (then systemctl daemon-reload)"
	if !strings.Contains(out, want) || !strings.Contains(out, fix) {
		t.Fatalf("check does not say %q and %q:\n%s", want, fix, out)
	}
	// Done as it says, in a drop-in.
	if err := os.Mkdir(unit+".d", 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(unit+".d", "paths.conf"), "[Service]\nReadWritePaths=-"+dir+"\n")
	if out := checkPathsOut(t, path, config.Example); strings.Contains(out, "warn") {
		t.Fatalf("the unit's ReadWritePaths= names %s, yet:\n%s", dir, out)
	}
	// A unit without ProtectSystem=strict writes wherever its user may.
	os.Remove(filepath.Join(unit+".d", "paths.conf"))
	write(unit, "[Service]\nUser=keepwarm\nProtectSystem=full\n")
	if out := checkPathsOut(t, path, config.Example); strings.Contains(out, "warn") {
		t.Fatalf("no ProtectSystem=strict, yet:\n%s", out)
	}
}
