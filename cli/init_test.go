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

// init's next commands are run the way init was: under `go run` (the
// README's Set up, and the test binary, a temporary build too) with
// "go run ./cmd/keepwarm", as the README's Set up writes them; installed
// on the PATH as "keepwarm"; elsewhere by the binary's path. As root the
// service's user runs the installed binary, as the unit does: run any
// other way, init first says how to install it.
func TestInitProposesCommandsTheWayItWasRun(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	path := filepath.Join(t.TempDir(), "keepwarm.toml")
	out := newCLI(t, path, nil).mustRun("init")
	want := []string{"\n  go run ./cmd/keepwarm --config " + path + " check\n", "\n  go run ./cmd/keepwarm --config " + path + " sync\n"}
	if os.Geteuid() == 0 {
		want = []string{"build the binary the service's user and the unit run: CGO_ENABLED=1 go build -o /usr/local/bin/keepwarm ./cmd/keepwarm; then run check"}
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("init run from a temporary build does not propose %q:\n%s", w, out)
		}
	}
	setup, _, _ := strings.Cut(string(readme)[strings.Index(string(readme), "## Set up"):], "\nThe tests talk")
	for _, cmd := range []string{"go run ./cmd/keepwarm init", "go run ./cmd/keepwarm check", "go run ./cmd/keepwarm sync"} {
		if !strings.Contains(setup, cmd) {
			t.Errorf("the README's Set up does not write %q", cmd)
		}
	}
	for _, self := range []string{"go run ./cmd/keepwarm", "keepwarm", "/home/me/keepwarm"} {
		if got := initNext(path, self); !strings.Contains(got, "\n  "+self+" --config "+path+" check\n") {
			t.Errorf("as a user, run as %s: %s", self, got)
		}
	}
	if got := initRootNext("/etc/keepwarm", path, true, "keepwarm"); strings.Contains(got, "install") || strings.Contains(got, "go build") {
		t.Errorf("as root, installed: %s", got)
	}
	if got := initRootNext("/etc/keepwarm", path, true, "/home/me/keepwarm"); !strings.Contains(got, "install -m 755 /home/me/keepwarm /usr/local/bin/keepwarm; then run check") {
		t.Errorf("as root, run from /home/me: %s", got)
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "keepwarm")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ exe, onPath, want string }{
		{"/tmp/go-build123/b001/exe/keepwarm", "", "go run ./cmd/keepwarm"},
		{bin, bin, "keepwarm"},
		{bin, "", bin},
		{bin, "/usr/bin/true", bin},
	} {
		if got := invocation(c.exe, c.onPath, ""); got != c.want {
			t.Errorf("invocation(%q, %q) = %q, want %q", c.exe, c.onPath, got, c.want)
		}
	}
}
