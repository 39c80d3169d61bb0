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

// A database (or a console directory) keepwarm can write by hand but
// outside /var/lib/keepwarm: check says the README's unit cannot write it.
func TestCheckWarnsOfPathsOutsideTheServiceDir(t *testing.T) {
	dir := t.TempDir() // as /srv/kw
	path := filepath.Join(dir, "keepwarm.toml")
	body := strings.Replace(config.Example, `database = "keepwarm.db"`, `database = "kw.db"`, 1) +
		"\n[sequences]\ndir = \"seqs\"\n"
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
	db := filepath.Join(dir, "kw.db")
	for _, want := range []string{
		"ok    database " + db,
		"warn  database " + db + " is outside /var/lib/keepwarm, the only directory the README's systemd unit lets keepwarm write (ProtectSystem=strict, ReadWritePaths=/var/lib/keepwarm)",
		"warn  sequences.dir " + filepath.Join(dir, "seqs") + " is outside /var/lib/keepwarm",
	} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("check does not say %q:\n%s", want, out.String())
		}
	}
}
