package config

import (
	"os"
	"path/filepath"
	"testing"
)

// A relative database or console directory resolves against the config
// file's directory, which is what check and init report; /etc and /usr
// are where a systemd service with ProtectSystem cannot write.
func TestWrittenPathsResolveAgainstTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keepwarm.toml")
	body := minimal + "\n[sequences]\ndir = \"sequences\"\ntemplates_dir = \"/var/lib/keepwarm/templates\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.WrittenPaths()
	want := []WrittenPath{{Key: "database", Path: filepath.Join(dir, cfg.Database)},
		{Key: "sequences.dir", Path: filepath.Join(dir, "sequences"), Dir: true},
		{Key: "sequences.templates_dir", Path: "/var/lib/keepwarm/templates", Dir: true}}
	if len(got) != len(want) {
		t.Fatalf("WrittenPaths = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("WrittenPaths[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	for path, want := range map[string]string{"/etc/keepwarm/keepwarm.db": "/etc", "/usr/local/keepwarm.db": "/usr",
		"/var/lib/keepwarm/keepwarm.db": "", "/etcetera/kw.db": "", "keepwarm.db": ""} {
		if got := ServiceReadOnly(path); got != want {
			t.Errorf("ServiceReadOnly(%q) = %q, want %q", path, got, want)
		}
	}
}
