package app

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/templates"
)

// The team wrote its English resend as resend.en.tmpl (or December's
// letter as 2026-12.en.tmpl). "Write or edit" resend with no language
// opens that text, the one sent, under its own name, not the built-in;
// and a save of resend.tmpl, which would take its place with no word of
// it, is refused naming the file to edit.
func TestNoLanguageFileDoesNotSilentlyReplaceTheTeamsEnglishFile(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	own := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\njust checking that our offer reached you.\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
	b, mei, tdir := meiTemplatesConsole(t, now, map[string]string{"resend.en.tmpl": own})
	e, err := b.Template(ctx, mei, "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if e.File != "resend.en.tmpl" || e.Body != own || e.BuiltIn || e.New {
		t.Errorf("resend.tmpl opened as %s (built-in %v, new %v):\n%s", e.File, e.BuiltIn, e.New, e.Body)
	}
	builtin, err := fs.ReadFile(templates.Defaults(), "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	_, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", string(builtin), "", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(ReplacesMsg, "resend.en.tmpl"); len(probs) != 1 || probs[0].Msg != want {
		t.Fatalf("a save of resend.tmpl beside the team's resend.en.tmpl: %+v", probs)
	}
	if _, err := os.Stat(filepath.Join(tdir, "resend.tmpl")); err == nil {
		t.Fatal("resend.tmpl was written: the team's resend.en.tmpl is no longer sent")
	}
	rows, err := b.Templates(ctx, mei)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.File == "resend.en.tmpl" && r.ShadowedBy != "" {
			t.Errorf("resend.en.tmpl is listed as not sent, in its place %s", r.ShadowedBy)
		}
	}
	// Its own file saves as before.
	if _, probs, err := b.SaveTemplate(ctx, mei, "resend.en.tmpl", strings.Replace(own, "reached you", "reached you safely", 1), e.Version, now); err != nil || len(probs) > 0 {
		t.Errorf("save of resend.en.tmpl: %v %+v", err, probs)
	}

	// The same with December's letter.
	b, mei, _ = consoleBackend(t, now)
	letter := strings.Replace(fmt.Sprintf(letterStarter, "2026-12"), "a short note", "our December prices", 1)
	if err := os.WriteFile(filepath.Join(b.d.LettersDir, "2026-12.en.tmpl"), []byte(letter), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.d.LettersDir, "2026-11.tmpl"), []byte(fmt.Sprintf(letterStarter, "2026-11")), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err = b.Template(ctx, mei, LettersPrefix+"2026-12.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if e.File != LettersPrefix+"2026-12.en.tmpl" || e.Body != letter || e.New {
		t.Errorf("letters/2026-12.tmpl opened as %s (new %v, from %q):\n%s", e.File, e.New, e.From, e.Body)
	}
	_, probs, err = b.SaveTemplate(ctx, mei, LettersPrefix+"2026-12.tmpl", fmt.Sprintf(letterStarter, "2026-11"), "", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(ReplacesMsg, "2026-12.en.tmpl"); len(probs) != 1 || probs[0].Msg != want {
		t.Fatalf("a save of 2026-12.tmpl beside the team's 2026-12.en.tmpl: %+v", probs)
	}
	if _, err := os.Stat(filepath.Join(b.d.LettersDir, "2026-12.tmpl")); err == nil {
		t.Fatal("2026-12.tmpl was written: December's letter would be November's text")
	}
}
