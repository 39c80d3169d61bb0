package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// A manager fixes the templates in the console while the daemon holds the
// follow-ups (the files had problems when it started). The save stands,
// and it says the follow-ups stay off until `keepwarm run` restarts, not
// that the running daemon takes the file on its next tick: it checks the
// files only when it starts.
func TestSaveWhileHeldSaysToRestart(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\ndid you receive my mail?\n\n{{.Owner.Signature}}\n"
	for _, tc := range []struct {
		held bool
		want web.Change
	}{{true, web.Change{Restart: true}}, {false, web.Change{}}} {
		deps := WebDeps{DB: db, TemplatesDir: t.TempDir(), SequencesDir: t.TempDir(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)}
		if tc.held {
			deps.FollowUp = heldChanger{}
		}
		ch, probs, err := NewWebBackend(deps).SaveTemplate(ctx, mei, "resend.tmpl", body, "", now)
		if err != nil || len(probs) > 0 {
			t.Fatalf("held %v: save refused: %v %+v", tc.held, err, probs)
		}
		if ch.Restart != tc.want.Restart || ch.Later {
			t.Errorf("held %v: change %+v, want Restart %v", tc.held, ch, tc.want.Restart)
		}
	}
}
