package cli

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A command keepwarm tells someone to type is pasted into a shell, where a
// word starting with # begins a comment: `keepwarm orders remove #812`
// runs as `keepwarm orders remove`. No message names one so.
func TestCommandsKeepwarmPrintsHaveNoBareHashID(t *testing.T) {
	bare := regexp.MustCompile("keepwarm [a-z][a-z -]* #(%d|ID|id|[0-9])")
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(body), "\n") {
			if m := bare.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d: %q: a #id pasted into a shell is a comment: write the bare number", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// `orders remove` given no id (a #17 typed unquoted, which the shell took
// for a comment) says so.
func TestOrdersRemoveWithNoIDSaysAHashIsAComment(t *testing.T) {
	c, _, _ := bookCLI(t, "")
	code, _, errs := c.run(context.Background(), "orders", "remove")
	if code != 2 || !strings.Contains(errs, "a #id typed unquoted is a shell comment: write 17 or '#17'") {
		t.Fatalf("orders remove with no id: exit %d %s", code, errs)
	}
}
