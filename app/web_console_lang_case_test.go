package app

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/web"
)

// A template written by hand with its language tag in capitals
// (resend.zh-TW.tmpl, as the README writes zh-TW) is the one sent to
// Taiwanese buyers: the console opens, previews and saves it, and when it
// does not load it is listed as such, not left off as if deleted. A new
// file is still named in lower case.
func TestATemplateWithACapitalLanguageTagOpensInTheConsole(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	body, err := fs.ReadFile(templates.Defaults(), "resend.zh-hant.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	const file = "resend.zh-TW.tmpl"
	if err := os.WriteFile(filepath.Join(dir, file), body, 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), TemplatesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	rows, err := b.Templates(ctx, mei)
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, r := range rows {
		listed = listed || r.File == file && !r.Broken
	}
	if !listed {
		t.Fatalf("%s is not listed as loading: %+v", file, rows)
	}
	e, err := b.Template(ctx, mei, file)
	if err != nil || e.Body != string(body) || e.New || e.BuiltIn {
		t.Fatalf("opening %s: %v new=%v built-in=%v\n%s", file, err, e.New, e.BuiltIn, e.Body)
	}
	if _, err := b.PreviewTemplate(ctx, mei, file, string(body), 0); err != nil {
		t.Fatalf("preview of %s: %v", file, err)
	}
	edited := strings.Replace(string(body), "\n--- text\n", "\n--- text\n您好，\n", 1)
	if edited == string(body) {
		t.Fatal("the template has no text part to edit")
	}
	if _, probs, err := b.SaveTemplate(ctx, mei, file, edited, e.Version, now); err != nil || len(probs) > 0 {
		t.Fatalf("save of %s: %v %+v", file, err, probs)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, file)); string(got) != edited {
		t.Fatalf("%s after the save:\n%s", file, got)
	}
	// No such file: the console does not start one with capitals.
	if _, err := b.Template(ctx, mei, "resend.pt-BR.tmpl"); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("a new resend.pt-BR.tmpl: %v", err)
	}

	// Broken: listed, marked so, and linked to the file as it is named.
	broken := edited + "{{if .Company}}\n" // no {{end}}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err = b.Templates(ctx, mei)
	if err != nil {
		t.Fatal(err)
	}
	listed = false
	for _, r := range rows {
		listed = listed || r.File == file && r.Broken
	}
	if !listed {
		t.Fatalf("the broken %s is not listed as not loading: %+v", file, rows)
	}
	if e, err := b.Template(ctx, mei, file); err != nil || e.Body != broken {
		t.Fatalf("opening the broken %s: %v", file, err)
	}
}
