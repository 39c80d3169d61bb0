package cli

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSaysHowToBackUp: the README's Operations tell an operator how
// to back the database up while run runs, that the key file goes with it,
// and how to upgrade.
func TestReadmeSaysHowToBackUp(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "\n### Upgrading and backups\n")
	if i < 0 || i < strings.Index(s, "\n## Operations\n") {
		t.Fatal("no Upgrading and backups section in Operations")
	}
	sec := s[i:]
	sec = sec[:strings.Index(sec, "\n## ")]
	for _, want := range []string{"`keepwarm backup FILE`", "Keep `keepwarm.db.key` with every backup", "KEEPWARM_SECRET_KEY", "PRAGMA integrity_check", "**Upgrading.**"} {
		if !strings.Contains(sec, want) {
			t.Errorf("Upgrading and backups does not say %s", want)
		}
	}
}
