package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// The Sequences and Templates pages are where the desk sends people when
// the follow-ups are held: FilesCheck gives every problem of the files,
// with its file, says the follow-ups are off, and names the sequence file
// that does not load; that file's page shows it instead of "not found".
func TestFilesCheckShowsTheProblemsThatHoldTheFollowUps(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.toml"), []byte(vipFile), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(strings.Replace(vipFile, `"VIP"`, `"later"`, 1), `"3d"`, `"3 days"`, 1)
	broken = strings.Replace(broken, `["vip"]`, `["later"]`, 1)
	if err := os.WriteFile(filepath.Join(dir, "b.toml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, held := range []bool{true, false} {
		deps := WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)}
		if held {
			deps.FollowUp = heldChanger{}
		}
		b := NewWebBackend(deps)
		fc := b.FilesCheck(ctx)
		if fc.Held != held {
			t.Errorf("held %v: FilesCheck.Held %v", held, fc.Held)
		}
		found := false
		for _, p := range fc.Problems {
			found = found || (p.File == "b.toml" && p.Field == "step[0].after")
		}
		if !found || len(fc.Broken) != 1 || fc.Broken[0] != "b" {
			t.Errorf("held %v: %+v, want b.toml's delay problem and b broken", held, fc)
		}
	}
	e, err := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}}).Sequence(ctx, mei, "b")
	if err != nil {
		t.Fatalf("/sequences/b: %v", err)
	}
	if e.File != "b.toml" || e.Source != broken || len(e.Broken) == 0 || e.Broken[0].Field != "step[0].after" {
		t.Errorf("b's page: %+v", e)
	}
}
