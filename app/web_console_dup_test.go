package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/web"
)

// A sequence defined in two of the team's files (a backup copy kept
// beside it) is a problem the directory had before: the save of another,
// clean sequence is not refused for it, and no problem names the
// temporary copy the check ran on, a path gone once the check is done.
func TestSaveSequenceBesideADuplicateTheTeamHad(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	key := "name = \"key-customer\"\nmode = \"draft\"\n\n[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\n"
	for _, f := range []string{"key-customer.toml", "key-customer-old.toml"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(key), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	if fc := b.FilesCheck(ctx); len(fc.Problems) == 0 {
		t.Fatal("the duplicate is not shown as a problem of the files")
	}
	d := sequences.Draft{Name: "vip", Mode: "draft", Window: sequences.DraftWindow{Start: "09:00", End: "17:00"},
		Steps: []sequences.DraftStep{{After: "3d", Days: "calendar", Action: "email", Template: "resend"}}}
	ch, probs, err := b.SaveSequence(ctx, mei, d, true, "", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if strings.Contains(p.Msg, "keepwarm-check-") || strings.Contains(p.Msg, os.TempDir()+string(filepath.Separator)+"keepwarm") {
			t.Errorf("a problem names the check's temporary copy: %+v", p)
		}
	}
	if len(probs) > 0 {
		t.Fatalf("the save of vip is refused for the duplicate the team had: %+v", probs)
	}
	if !ch.Pending {
		t.Errorf("saved beside a duplicate still there, but not said to wait for its fix: %+v", ch)
	}
	if _, err := os.Stat(filepath.Join(dir, "vip.toml")); err != nil {
		t.Fatal("vip.toml not written:", err)
	}
}
