package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeSetUpSaysWhichGo: the README's Set up names the Go that go.mod
// asks for, says which `go` fetches it by itself (1.21 or later, with
// GOTOOLCHAIN auto), quotes what an older `go` (Debian 12's) prints at
// go.mod's own go line, and how to install Go there instead.
func TestReadmeSetUpSaysWhichGo(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go ((\d+\.\d+)(\.\d+)?)$`).FindStringSubmatch(string(mod))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	s := string(readme)
	i := strings.Index(s, "\n## Set up\n")
	if i < 0 {
		t.Fatal("no Set up section")
	}
	whole := s[i+1:]
	if j := strings.Index(whole, "\n## "); j >= 0 {
		whole = whole[:j]
	}
	j := strings.Index(whole, "```")
	if j < 0 {
		t.Fatal("Set up has no command block")
	}
	sec := strings.Join(strings.Fields(whole[:j]), " ")
	whole = strings.Join(strings.Fields(whole), " ")
	// Debian's steps: a PATH that outlasts the shell, the tarball's
	// address and the other architecture, cgo's headers, a Go proxy that
	// mainland China reaches.
	for _, want := range []string{
		"/etc/profile.d",
		"https://go.dev/dl/go" + m[1] + ".linux-amd64.tar.gz",
		"linux-arm64",
		"build-essential",
		"libc6-dev",
		"GOPROXY=https://goproxy.cn",
		"go-sqlite3 requires cgo to work",
	} {
		if !strings.Contains(whole, want) {
			t.Errorf("Set up does not say %s", want)
		}
	}
	for _, want := range []string{
		"Go " + m[2],
		"1.21 or later",
		"GOTOOLCHAIN=auto",
		"go.mod:3: invalid go version '" + m[1] + "': must match format 1.23",
		"Debian 12's `golang-go` is 1.19",
		"go.dev/dl",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("Set up does not say %s before its first command", want)
		}
	}
}
