package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// Two of a month's letter files left broken by hand: either fix is saved
// (the greetings job sends none of the month's letter while one does not
// load). A fix that would let the month go out with a file whose problem
// is still there (it loads, but writes "Dear ," to a contact without a
// name) is refused as before, naming that file; that file's own fix is
// saved.
func TestBrokenLettersOfAMonthAreFixedOneAtATime(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	const (
		broken  = "subject: News\n--- text\n{{.Contact.Salutation}},\n\nnews {{.Month\n\n{{.Owner.Signature}}\n"
		fixedEN = "subject: News\n--- text\n{{.Contact.Salutation}},\n\nour news for {{.Month}}.\n\n{{.Owner.Signature}}\n"
		fixedES = "subject: Noticias\n--- text\n{{.Contact.Salutation}},\n\nnuestras noticias de {{.Month}}.\n\n{{.Owner.Signature}}\n"
		noName  = "subject: Noticias\n--- text\nEstimado {{.Contact.Name}},\n\nnuestras noticias de {{.Month}}.\n\n{{.Owner.Signature}}\n"
	)
	write := func(dir, f, body string) {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	save := func(b *WebBackend, dir, f, body string) (web.Change, []web.Problem) {
		t.Helper()
		ch, probs, err := b.SaveTemplate(ctx, mei, "letters/"+f, body, FileVersion(filepath.Join(dir, f)), now)
		if err != nil {
			t.Fatal(err)
		}
		return ch, probs
	}

	dir := t.TempDir()
	write(dir, "2026-12.tmpl", broken)
	write(dir, "2026-12.es.tmpl", broken)
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	if ch, probs := save(b, dir, "2026-12.tmpl", fixedEN); len(probs) > 0 || !ch.Pending {
		t.Fatalf("the fix of 2026-12.tmpl beside a broken 2026-12.es.tmpl: %+v %+v", ch, probs)
	}
	if ch, probs := save(b, dir, "2026-12.es.tmpl", fixedES); len(probs) > 0 || ch.Pending {
		t.Fatalf("the fix of 2026-12.es.tmpl: %+v %+v", ch, probs)
	}

	dir = t.TempDir()
	write(dir, "2026-12.tmpl", broken)
	write(dir, "2026-12.es.tmpl", noName)
	b = NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	ch, probs := save(b, dir, "2026-12.tmpl", fixedEN)
	named := false
	for _, p := range probs {
		named = named || filepath.Base(p.File) == "2026-12.es.tmpl"
	}
	if !named {
		t.Fatalf("2026-12.tmpl saved, which sends the month's letter with 2026-12.es.tmpl's \"Estimado ,\": %+v %+v", ch, probs)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "2026-12.tmpl")); string(got) != broken {
		t.Fatalf("2026-12.tmpl written though refused: %q", got)
	}
	if ch, probs := save(b, dir, "2026-12.es.tmpl", fixedES); len(probs) > 0 || !ch.Pending {
		t.Fatalf("the fix of 2026-12.es.tmpl beside a broken 2026-12.tmpl: %+v %+v", ch, probs)
	}
	if ch, probs := save(b, dir, "2026-12.tmpl", fixedEN); len(probs) > 0 || ch.Pending {
		t.Fatalf("the last fix: %+v %+v", ch, probs)
	}
}
