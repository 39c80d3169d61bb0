package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/config"
)

// Without DIR, init writes the file --config names, which the check and
// sync it proposes then read, whatever its name.
func TestInitWritesTheFileConfigNames(t *testing.T) {
	t.Chdir(t.TempDir())
	path := filepath.Join(t.TempDir(), "team.toml")
	out := newCLI(t, path, nil).mustRun("init")
	if _, err := config.Load(path); err != nil {
		t.Fatalf("init did not write %s: %v\n%s", path, err, out)
	}
	if !strings.Contains(out, "keepwarm --config "+path+" check") {
		t.Fatalf("init does not propose checking %s: %s", path, out)
	}
	if _, err := os.Stat("keepwarm.toml"); err == nil {
		t.Fatal("init wrote ./keepwarm.toml, not the file --config names")
	}
}

// KEEPWARM_CONFIG names the file as --config does: plain `keepwarm init`
// writes it, not ./keepwarm.toml, which the next plain check would not read.
func TestInitWritesTheFileKeepwarmConfigNames(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	path := filepath.Join(t.TempDir(), "etc", "keepwarm.toml")
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string {
		if k == "KEEPWARM_CONFIG" {
			return path
		}
		return ""
	})
	if code := m.Run(context.Background(), []string{"init"}); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if _, err := config.Load(path); err != nil {
		t.Fatalf("init did not write %s: %v", path, err)
	}
	if _, err := os.Stat(filepath.Join(cwd, "keepwarm.toml")); err == nil {
		t.Fatal("init wrote ./keepwarm.toml although KEEPWARM_CONFIG names another file")
	}
}

// init takes a directory: a DIR that is a file, or ends in .toml, is
// refused before anything is made, with the two commands that do what
// was meant.
func TestInitRefusesAFileForDIR(t *testing.T) {
	tmp := t.TempDir()
	existing := filepath.Join(tmp, "notes.txt")
	if err := os.WriteFile(existing, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	for _, dir := range []string{filepath.Join(tmp, "x.toml"), existing} {
		code, out, errs := newCLI(t, defaultConfigFile, nil).run(context.Background(), "init", dir)
		want := "`keepwarm init " + tmp + "` writes " + filepath.Join(tmp, "keepwarm.toml")
		if code != 2 || !strings.Contains(errs, "init takes a directory") || !strings.Contains(errs, want) {
			t.Errorf("init %s: exit %d, want 2 saying %q\nstdout %s\nstderr %s", dir, code, want, out, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "x.toml")); err == nil {
		t.Error("init made x.toml")
	}
	if fi, err := os.Stat(existing); err != nil || fi.IsDir() {
		t.Errorf("init changed %s: %v", existing, err)
	}
}

// A DIR whose keepwarm.toml is not the file --config names is refused,
// naming both: written, it is a config no later command reads.
func TestInitRefusesADIROtherThanTheConfigs(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(tmp, "team.toml")
	dir := filepath.Join(tmp, "other")
	code, out, errs := newCLI(t, path, nil).run(context.Background(), "init", dir)
	if code != 2 || !strings.Contains(errs, path) || !strings.Contains(errs, filepath.Join(dir, "keepwarm.toml")) {
		t.Fatalf("exit %d, want 2 naming both files\nstdout %s\nstderr %s", code, out, errs)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("init made the directory it refused")
	}
}
