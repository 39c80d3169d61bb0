package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// meiTemplatesConsole is the console of Mei, the manager, over a team
// templates directory holding files (name to body); it returns the
// backend, Mei and the directory.
func meiTemplatesConsole(t *testing.T, now time.Time, files map[string]string) (*WebBackend, web.Person, string) {
	t.Helper()
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	tdir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(tdir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: t.TempDir(), TemplatesDir: tdir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	return b, mei, tdir
}

// A team's resend.en.tmpl is the English resend: alone it is listed as
// the team's and loads (it takes the built-in's place), not tagged "does
// not load" with no reason anywhere. Beside the team's resend.tmpl, which
// is the one sent, it is listed as not sent with that file named, and the
// console refuses to save it, saying which file to edit.
func TestTeamEnglishTemplateFileIsSentOrSaysWhyNot(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	en := "subject: From the team\n--- text\nDear {{.Contact.Salutation}},\n\nour prices.\n\n{{.Owner.Name}}\n"
	b, mei, tdir := meiTemplatesConsole(t, now, map[string]string{"resend.en.tmpl": en})
	row := func(file string) (web.TemplateRow, bool) {
		t.Helper()
		rows, err := b.Templates(ctx, mei)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.File == file {
				return r, true
			}
		}
		return web.TemplateRow{}, false
	}
	if r, ok := row("resend.en.tmpl"); !ok || r.Broken || r.ShadowedBy != "" || r.BuiltIn {
		t.Errorf("the team's resend.en.tmpl alone: %+v (listed %v)", r, ok)
	}
	if r, ok := row("resend.tmpl"); ok {
		t.Errorf("the built-in resend.tmpl is still listed beside the team's English resend: %+v", r)
	}
	if fc := b.FilesCheck(ctx); len(fc.Problems) > 0 || len(fc.BrokenTemplates) > 0 {
		t.Errorf("files check: %+v", fc)
	}

	if err := os.WriteFile(filepath.Join(tdir, "resend.tmpl"), []byte(strings.Replace(en, "From the team", "Also the team", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if r, ok := row("resend.en.tmpl"); !ok || r.Broken || r.ShadowedBy != "resend.tmpl" {
		t.Errorf("resend.en.tmpl beside resend.tmpl: %+v (listed %v)", r, ok)
	}
	if fc := b.FilesCheck(ctx); len(fc.BrokenTemplates) > 0 {
		t.Errorf("files check: %+v", fc)
	}
	e, err := b.Template(ctx, mei, "resend.en.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	_, probs, err := b.SaveTemplate(ctx, mei, "resend.en.tmpl", strings.Replace(e.Body, "our prices", "our new prices", 1), e.Version, now)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(ShadowedMsg, "resend.tmpl")
	if len(probs) != 1 || probs[0].Msg != want {
		t.Fatalf("a save of a file that is never sent: %+v", probs)
	}
	if zh := (web.Lang{Code: "zh"}).Err(want); zh == want {
		t.Errorf("not in Chinese: %q", want)
	}
	if got, _ := os.ReadFile(filepath.Join(tdir, "resend.en.tmpl")); string(got) != en {
		t.Errorf("the refused save was written:\n%s", got)
	}
}
