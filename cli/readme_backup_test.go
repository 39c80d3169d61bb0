package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
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

// TestReadmeSaysWhichBuildsRefuseANewerDatabase: only builds from the one
// that checks the database's migrations on refuse a newer database, so the
// README says an earlier keepwarm does not check, and its example of the
// refusal names a migration that only a later build can have applied.
func TestReadmeSaysWhichBuildsRefuseANewerDatabase(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	sec := s[strings.Index(s, "\n**Upgrading.**"):]
	sec = sec[:strings.Index(sec, "\n## ")]
	flat := strings.Join(strings.Fields(sec), " ")
	if !strings.Contains(flat, "An earlier keepwarm does not check") {
		t.Error("Upgrading does not say that an earlier keepwarm does not check")
	}
	m := regexp.MustCompile("was upgraded by a newer keepwarm \\(migrations ([0-9]{4}_[a-z_]+)\\)").FindStringSubmatch(flat)
	if m == nil {
		t.Fatal("Upgrading has no example of the refusal")
	}
	names, err := filepath.Glob("../store/migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal("no migrations", err)
	}
	sort.Strings(names)
	last := strings.TrimSuffix(filepath.Base(names[len(names)-1]), ".sql")
	if m[1] <= last {
		t.Errorf("the refusal's example names %s, which this build (up to %s) or one that does not check may have applied", m[1], last)
	}
}

// TestReadmeCronBackupWorks: the README's nightly backup line works when
// pasted into cron (a bare % ends a cron command), writes into a directory
// the root steps make, and removes old copies.
func TestReadmeCronBackupWorks(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	if strings.Contains(s, "$(date +%") {
		t.Error("the README has a $(date +%...) that breaks when pasted into a cron line: write \\%")
	}
	cron := regexp.MustCompile(`(?m)^[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ .*$`)
	lines := cron.FindAllString(s, -1)
	var backups int
	for _, line := range lines {
		if strings.Contains(strings.ReplaceAll(line, `\%`, ""), "%") {
			t.Errorf("a cron line with a bare %%, which ends its command: %s", line)
		}
		m := regexp.MustCompile(` backup (/\S+)/[^/\s]+`).FindStringSubmatch(line)
		if m == nil {
			continue
		}
		backups++
		if !regexp.MustCompile(`(?m)^install -d .*` + regexp.QuoteMeta(m[1]) + `$`).MatchString(s) {
			t.Errorf("the cron backup writes into %s, which no install -d line makes", m[1])
		}
		if !strings.Contains(line, "find "+m[1]) || !strings.Contains(line, "-delete") {
			t.Errorf("the cron backup keeps every copy: %s", line)
		}
	}
	if backups == 0 {
		t.Error("the README gives no cron line for the nightly backup")
	}
}
