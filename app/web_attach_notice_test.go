package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// A template or monthly letter whose words say a file is attached ("anbei
// unser Katalog") gets a notice in the console's preview, since keepwarm
// attaches nothing to the mail it sends; saving it still works ("attached"
// may be a product's own word).
func TestPreviewWarnsOfAnAttachmentClaim(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	for _, tc := range []struct{ file, body string }{
		{"product-intro.de.tmpl", "subject: Unsere Produkte\n--- text\n{{.Contact.Salutation}},\n\nanbei unser neuer Katalog.\n\n{{.Owner.Signature}}\n"},
		{"letters/2026-12.tmpl", "subject: News for {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nplease find attached our December price list.\n\n{{.Owner.Signature}}\n"},
	} {
		pv, err := b.PreviewTemplate(ctx, mei, tc.file, tc.body, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range pv.Problems {
			found = found || strings.Contains(p.Msg, "keepwarm attaches no file")
		}
		if !found {
			t.Errorf("%s: preview problems %+v, want the attachment notice", tc.file, pv.Problems)
		}
		if _, probs, err := b.SaveTemplate(ctx, mei, tc.file, tc.body, "", now); err != nil || len(probs) > 0 {
			t.Errorf("%s: save refused: %v %+v", tc.file, err, probs)
		}
	}
	if _, err := os.Stat(filepath.Join(tmpl, "product-intro.de.tmpl")); err != nil {
		t.Errorf("the template was not written: %v", err)
	}
}

// consoleBackend is the web backend of a console over a new database and
// empty templates, sequences and letters folders (tmpl is the templates
// folder), with Mei Lin, a manager, its one person.
func consoleBackend(t *testing.T, now time.Time) (b *WebBackend, mei web.Person, tmpl string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tmpl = t.TempDir()
	mei = web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	b = NewWebBackend(WebDeps{DB: db, TemplatesDir: tmpl, SequencesDir: t.TempDir(), LettersDir: t.TempDir(),
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	return b, mei, tmpl
}
