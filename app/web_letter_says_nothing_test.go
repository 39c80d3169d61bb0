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

// A monthly letter whose words are all inside {{with .Products}} is not
// sent to a customer no product matches, which is safe: the editor saves
// it, a wish under the name and all, and its preview says such a
// customer does not get it.
func TestLetterSayingNothingWithoutProductsIsSavedWithAWarning(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	const body = "subject: News\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nour news for {{$.Month}}:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\nBest wishes,\n{{.Owner.Signature}}\n\nMerry Christmas and a Happy New Year!\n"
	dir := t.TempDir()
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	if _, probs, err := b.SaveTemplate(ctx, mei, "letters/2026-12.tmpl", body, "", now); err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "2026-12.tmpl")); string(got) != body {
		t.Fatalf("2026-12.tmpl holds %q", got)
	}
	pv, err := b.PreviewTemplate(ctx, mei, "letters/2026-12.tmpl", body, 0)
	var warned bool
	for _, p := range pv.Problems {
		warned = warned || strings.Contains(p.Msg, "says nothing but its opening and sign-off to a customer no product matches") &&
			strings.Contains(p.Msg, "a greeting or monthly letter is not sent")
	}
	if err != nil || !warned {
		t.Fatalf("preview: %v %+v", err, pv.Problems)
	}
}
