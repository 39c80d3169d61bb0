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
	sec := s[i:]
	sec = sec[:strings.Index(sec, "```")]
	sec = strings.Join(strings.Fields(sec), " ")
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
