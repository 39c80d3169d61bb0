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

// A monthly letter written by hand with capitals in its language tag
// (2026-12.zh-TW.tmpl, as the README writes zh-TW) is sent by the
// greetings job, and held with the month's letter when it does not load:
// the console lists it (marked "does not load" when broken), opens it and
// saves its fix, as it does a template so named. A new letter file is
// still named in lower case.
func TestALetterWithACapitalLanguageTagOpensInTheConsole(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	const (
		en     = "subject: News\n--- text\n{{.Contact.Salutation}},\n\nour news for {{.Month}}.\n\n{{.Owner.Signature}}\n"
		broken = "subject: 新闻\n--- text\n{{.Contact.Salutation}}，\n\n本月新闻 {{.Month\n\n{{.Owner.Signature}}\n"
		fixed  = "subject: 新闻\n--- text\n{{.Contact.Salutation}}，\n\n本月新闻 {{.Month}}。\n\n{{.Owner.Signature}}\n"
	)
	for _, f := range []string{"2026-12.zh-TW.tmpl", "2026-12.pt_BR.tmpl", "2026-12.zh-Hant-TW.tmpl"} {
		t.Run(f, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range map[string]string{"2026-12.tmpl": en, f: broken} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
			file := LettersPrefix + f
			rows, err := b.Templates(ctx, mei)
			if err != nil {
				t.Fatal(err)
			}
			listed := false
			for _, r := range rows {
				listed = listed || r.File == file && r.Broken && r.Kind == "letter" && r.Name == "2026-12"
			}
			if !listed {
				t.Fatalf("the broken %s is not listed as not loading: %+v", file, rows)
			}
			e, err := b.Template(ctx, mei, file)
			if err != nil || e.Body != broken || e.New {
				t.Fatalf("opening %s: %v new=%v\n%s", file, err, e.New, e.Body)
			}
			if _, probs, err := b.SaveTemplate(ctx, mei, file, fixed, e.Version, now); err != nil || len(probs) > 0 {
				t.Fatalf("the fix of %s: %v %+v", file, err, probs)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, f)); string(got) != fixed {
				t.Fatalf("%s after the fix:\n%s", f, got)
			}
			rows, _ = b.Templates(ctx, mei)
			listed = false
			for _, r := range rows {
				listed = listed || r.File == file && !r.Broken
			}
			if !listed {
				t.Fatalf("the fixed %s is not listed as loading: %+v", file, rows)
			}
		})
	}
	// No such file: the console does not start one with capitals.
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: t.TempDir(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	if _, err := b.Template(ctx, mei, LettersPrefix+"2026-12.pt-BR.tmpl"); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("a new letters/2026-12.pt-BR.tmpl: %v", err)
	}
}
