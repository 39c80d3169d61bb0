package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

const unsentLetter = "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour new catalogue for next year is ready.\n\nBest regards,\n{{.Owner.Signature}}\n"

// A month whose letter the greetings job does not send — a letter file
// left broken by hand, language variants with no file for everyone else —
// is shown where the manager looks: its rows in the template list are
// tagged, the problem banner names the files, and a variant saved alone
// is not said to be taken. Only the daemon's log said so.
func TestALetterNotSentIsShownInTheConsole(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	for f, body := range map[string]string{
		"2026-12.tmpl":    strings.Replace(unsentLetter, "{{.Month}}", "{{.Month", 1), // an action left open
		"2026-11.es.tmpl": unsentLetter,
		"2026-10.tmpl":    unsentLetter,
	} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), LettersDir: dir, People: []web.Person{mei},
		Clock: keepwarm.NewManualClock(now), TeamLocation: time.UTC})

	rows, err := b.Templates(ctx, mei)
	if err != nil {
		t.Fatal(err)
	}
	row := func(file string) web.TemplateRow {
		i := slices.IndexFunc(rows, func(r web.TemplateRow) bool { return r.File == file })
		if i < 0 {
			t.Fatalf("%s not listed: %+v", file, rows)
		}
		return rows[i]
	}
	if r := row("letters/2026-12.tmpl"); !r.Broken {
		t.Errorf("the broken December letter is listed as any other: %+v", r)
	}
	if r := row("letters/2026-11.es.tmpl"); r.Broken || r.Needs != "2026-11.tmpl" {
		t.Errorf("November's Spanish letter alone is not said to send nothing: %+v", r)
	}
	if r := row("letters/2026-10.tmpl"); r.Broken || r.Needs != "" || r.ShadowedBy != "" {
		t.Errorf("October's letter is tagged: %+v", r)
	}

	fc := b.FilesCheck(ctx)
	named := func(file, words string) bool {
		return slices.ContainsFunc(fc.Letters, func(p web.Problem) bool { return p.File == file && strings.Contains(p.Msg, words) })
	}
	if !named("letters/2026-12.tmpl", "") || !named("letters/2026-11.tmpl", "no 2026-11.tmpl for everyone else") {
		t.Errorf("the banner does not name the letters not sent: %+v", fc.Letters)
	}
	if len(fc.Problems) > 0 || fc.Held {
		t.Errorf("the letters are taken for the follow-ups' problems: %+v", fc)
	}

	// January's Spanish letter saved first: saved, but not taken.
	ch, probs, err := b.SaveTemplate(ctx, mei, "letters/2027-01.es.tmpl", unsentLetter, "", now)
	if err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}
	if !ch.NoLetter {
		t.Errorf("a language variant saved alone is said to be taken: %+v", ch)
	}
	ch, probs, err = b.SaveTemplate(ctx, mei, "letters/2027-01.tmpl", unsentLetter, "", now)
	if err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}
	if ch.NoLetter || ch.Pending {
		t.Errorf("the file for everyone else saved: %+v", ch)
	}
}
