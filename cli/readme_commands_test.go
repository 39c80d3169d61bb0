package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"keepwarm/config"

	"github.com/alecthomas/kong"
)

// TestReadmeCommandsTableNamesEveryFlag: each visible flag of a command
// is in the README's Commands table, in a row of that command (the first
// cell names it as `keepwarm CMD ...` or, in a row of several, `CMD ...`).
func TestReadmeCommandsTableNamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cells []string // the first cell of each row of the Commands table
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `keepwarm ") {
			cells = append(cells, strings.SplitN(line[1:], " | ", 2)[0])
		}
	}
	if len(cells) < 30 {
		t.Fatalf("only %d rows in the README's Commands table", len(cells))
	}
	var c commandLine
	parser, err := NewMain(nil, nil, nil, func(string) string { return "" }).parser(&c)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *kong.Node, path []string)
	walk = func(n *kong.Node, path []string) {
		for _, child := range n.Children {
			if child.Type != kong.CommandNode || child.Hidden {
				continue
			}
			p := append(append([]string{}, path...), child.Name)
			var rows []string
			for _, cell := range cells {
				if strings.Contains(cell, "`keepwarm "+p[0]) || strings.Contains(cell, "`"+p[0]+" ") {
					rows = append(rows, cell)
				}
			}
			name := strings.Join(p, " ")
			if len(rows) == 0 {
				t.Errorf("keepwarm %s has no row in the README's Commands table", name)
			}
			for _, f := range child.Flags {
				if f.Hidden {
					continue
				}
				found := false
				for _, row := range rows {
					found = found || strings.Contains(row, "--"+f.Name)
				}
				if !found {
					t.Errorf("keepwarm %s --%s is not in its row of the README's Commands table", name, f.Name)
				}
			}
			walk(child, p)
		}
	}
	walk(parser.Model.Node, nil)
}

// TestReadmeServiceSetupMakesUserAndDirectory: the README's Operations
// path from `sudo keepwarm init /etc/keepwarm` to a started unit creates
// the user and directory the unit names, and lets that user read the
// config init wrote for root only.
func TestReadmeServiceSetupMakesUserAndDirectory(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"StateDirectory=keepwarm\n",
		"useradd --system --home-dir /var/lib/keepwarm",
		"install -d -o keepwarm -g keepwarm -m 750 /var/lib/keepwarm",
		"chgrp -R keepwarm /etc/keepwarm",
		"chmod 640 /etc/keepwarm/keepwarm.toml",
		"touch /etc/keepwarm/secrets.env\n",
	} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README lacks %q", want)
		}
	}
	// The unit's EnvironmentFile= has no "-": a missing secrets.env keeps
	// the service from starting, and the chmod of it fails. The setup
	// makes it before the chmod, and shows a line of it with a name the
	// starter config reads.
	made := strings.Index(string(readme), "touch /etc/keepwarm/secrets.env\n")
	chmod := strings.Index(string(readme), "chmod 640 /etc/keepwarm/keepwarm.toml /etc/keepwarm/secrets.env")
	if made < 0 || chmod < 0 || made > chmod {
		t.Errorf("README's setup does not make secrets.env before its chmod (at %d, chmod at %d)", made, chmod)
	}
	sample := regexp.MustCompile("(?m)^([A-Z][A-Z0-9_]*)='[^'\n]*'$").FindSubmatch(readme)
	if sample == nil {
		t.Fatal("README shows no line of secrets.env (NAME='value')")
	}
	if !strings.Contains(config.Example, `password_env = "`+string(sample[1])+`"`) {
		t.Errorf("README's secrets.env sample sets %s, which is no password_env of the starter config", sample[1])
	}
}

// TestReadmeLibrariesNameEveryDirectDependency: "Libraries, and why" names
// every module go.mod requires directly, so one reading it for what
// touches sign-ins, tokens and the network finds each one there.
func TestReadmeLibrariesNameEveryDirectDependency(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(readme), "\n## Libraries, and why\n")
	if start < 0 {
		t.Fatal("README has no section Libraries, and why")
	}
	section := string(readme[start+1:])
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var direct []string
	inBlock := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		if f := strings.Fields(line); len(f) >= 2 && !strings.Contains(line, "// indirect") {
			direct = append(direct, f[0])
		}
	}
	if len(direct) < 20 {
		t.Fatalf("only %d direct requires read from go.mod: %v", len(direct), direct)
	}
	for _, mod := range direct {
		if !strings.Contains(section, "`"+mod+"`") {
			t.Errorf("README's Libraries, and why does not name %s, which go.mod requires", mod)
		}
	}
}
