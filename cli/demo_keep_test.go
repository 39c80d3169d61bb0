package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A kept demo's "explore it" lines run keepwarm the way the demo was run:
// an installed binary is not told to `go run ./cmd/keepwarm`, which fails
// outside the source tree.
func TestDemoKeepExploresWithTheCommandItWasRunAs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(string) string { return "" })
	m.self = "/opt/kw/keepwarm"
	if code := m.Run(context.Background(), []string{"demo", "--days", "1", "--keep", dir}); code != 0 {
		t.Fatalf("keepwarm demo: exit %d\nstderr: %s\nstdout:\n%s", code, errb.String(), out.String())
	}
	transcript := out.String()
	i := strings.Index(transcript, "explore it as of the demo's last instant")
	if i < 0 {
		t.Fatalf("no explore lines:\n%s", transcript)
	}
	lines := strings.Split(strings.TrimSpace(transcript[i:]), "\n")[1:]
	n := 0
	for _, l := range lines {
		if !strings.HasPrefix(l, "  ") {
			break
		}
		n++
		if !strings.HasPrefix(l, "  /opt/kw/keepwarm --config "+filepath.Join(dir, "keepwarm.toml")+" --now ") {
			t.Errorf("explore line: %q", l)
		}
	}
	if n == 0 {
		t.Fatalf("no explore lines:\n%s", transcript[i:])
	}
}

// A repeated `go run` executes its cached build from GOCACHE, which need
// not be named go-build: that is still `go run`, not a path to propose
// (`go clean -cache` deletes it).
func TestInvocationOfACachedGoRunBuild(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "ci-cache")
	exe := filepath.Join(cache, "ab", "0123456789abcdef-d", "keepwarm")
	if got := invocation(exe, "", cache); got != "go run ./cmd/keepwarm" {
		t.Errorf("invocation(%q) under GOCACHE %s = %q", exe, cache, got)
	}
	if got := invocation("/opt/kw/keepwarm", "", cache); got != "/opt/kw/keepwarm" {
		t.Errorf("an installed binary: %q", got)
	}
}
