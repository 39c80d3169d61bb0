package app

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/web"
)

// A new language of a template starts from what that language's
// customers get today: a new resend.zh-tw.tmpl from the built-in
// Traditional text (saved, it takes that file's place), a new
// resend.pt-br.tmpl from resend.pt.tmpl; the note names the file. A
// language with no file of its own starts from the default-language one.
func TestNewTemplateLanguageStartsFromWhatThatLanguageGets(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(),
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	for file, want := range map[string]string{
		"resend.zh-tw.tmpl": "resend.zh-hant.tmpl",
		"resend.pt-br.tmpl": "resend.pt.tmpl",
		"resend.sv.tmpl":    "resend.tmpl",
	} {
		body, err := fs.ReadFile(templates.Defaults(), want)
		if err != nil {
			t.Fatal(err)
		}
		e, err := b.Template(ctx, mei, file)
		if err != nil {
			t.Fatal(err)
		}
		if !e.New || e.Body != string(body) {
			t.Errorf("%s starts from %q, want %s", file, e.Body, want)
		}
		if e.From != want {
			t.Errorf("%s's note names %q as its start, want %s", file, e.From, want)
		}
	}
}
