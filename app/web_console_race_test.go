package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// Two managers save the same template from the same version at once:
// one save is written, the other is refused as changed since, not both
// "Saved" with the later silently undoing the earlier.
func TestConcurrentSavesFromOneVersionOnlyOneWins(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\n%s\n\n{{.Owner.Signature}}\n"
	// Many files: the check of each save takes a while, as on a real
	// team's directory.
	for i := range 150 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("note-%03d.tmpl", i)), []byte(fmt.Sprintf(body, "a note")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "resend.tmpl"), []byte(fmt.Sprintf(body, "did you receive my mail?")), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), TemplatesDir: dir, SequencesDir: t.TempDir(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	version := FileVersion(filepath.Join(dir, "resend.tmpl"))
	for round := range 3 {
		var wg sync.WaitGroup
		start := make(chan struct{})
		saved := make([]bool, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", fmt.Sprintf(body, fmt.Sprintf("round %d, manager %d", round, i)), version, now)
				if err != nil {
					t.Error(err)
				}
				if len(probs) == 0 {
					saved[i] = true
				} else if len(probs) != 1 || probs[0].Msg != ChangedSinceMsg {
					t.Errorf("refused with %+v", probs)
				}
			}()
		}
		close(start)
		wg.Wait()
		if saved[0] == saved[1] {
			t.Fatalf("round %d: saved %v, want exactly one", round, saved)
		}
		version = FileVersion(filepath.Join(dir, "resend.tmpl"))
	}
}
