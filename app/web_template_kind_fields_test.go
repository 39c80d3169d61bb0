package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/web"
)

// A template writing a field the mail it is sent as never has — {{.Month}}
// or {{.Occasion}} in a follow-up step, {{.Original.Subject}} or
// {{.Month}} in a greeting, {{.Occasion}} in a monthly letter — would go
// out with a blank in its place to every customer: the console refuses to
// save it, naming the field and the fix, its preview says so, and its
// list of fields leaves out what that mail never has.
func TestTemplateWritingAFieldItsMailNeverHasIsRefused(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	const tail = "--- text\n{{.Contact.Salutation}},\n\nour news.\n\nBest regards,\n{{.Owner.Signature}}\n"
	for _, c := range []struct {
		file, body, field, kind string
	}{
		{"product-intro.tmpl", "subject: News from {{.Owner.Name}}, {{.Month}}\n" + tail, ".Month", "a follow-up step's"},
		{"product-intro.tmpl", "subject: Our offer for {{.Occasion}}\n" + tail, ".Occasion", "a follow-up step's"},
		{"christmas.tmpl", "subject: About {{.Original.Subject}}\n" + tail, ".Original", "a greeting"},
		{"christmas.tmpl", "subject: Greetings, {{.Month}}\n" + tail, ".Month", "a greeting"},
		{LettersPrefix + "2026-12.tmpl", "subject: Our news for {{.Occasion}}\n" + tail, ".Occasion", "a monthly letter"},
	} {
		t.Run(c.file+c.field, func(t *testing.T) {
			b, mei, tdir := consoleBackend(t, now)
			_, probs, err := b.SaveTemplate(ctx, mei, c.file, c.body, "none", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 || probs[0].Field != c.field || !strings.Contains(probs[0].Msg, "always empty in "+c.kind) || !strings.Contains(probs[0].Msg, "take it out") {
				t.Fatalf("save: %+v, want one problem naming %s", probs, c.field)
			}
			dir := tdir
			if name, ok := strings.CutPrefix(c.file, LettersPrefix); ok {
				dir, c.file = b.d.LettersDir, name
			}
			if _, err := os.Stat(filepath.Join(dir, c.file)); err == nil {
				t.Errorf("the refused %s was written", c.file)
			}
			if zh := (web.Lang{Code: "zh"}).Err(probs[0].Msg); zh == probs[0].Msg {
				t.Errorf("not in Chinese: %q", probs[0].Msg)
			}
		})
	}

	// The sample preview of a follow-up template: no .Month, no
	// .Occasion among the fields to use, and the problem shown.
	b, mei, _ := consoleBackend(t, now)
	pv, err := b.PreviewTemplate(ctx, mei, "product-intro.tmpl", "subject: News from {{.Owner.Name}}, {{.Month}}\n"+tail, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pv.Fields {
		if f.Name == ".Month" || f.Name == ".Occasion" {
			t.Errorf("a follow-up's fields offer %s = %q", f.Name, f.Sample)
		}
	}
	if !hasProblem(pv.Problems, "is always empty in a follow-up step's") {
		t.Errorf("preview problems: %+v", pv.Problems)
	}
	if strings.Contains(pv.Subject, "December 2026") {
		t.Errorf("the preview shows a month no step's mail has: %q", pv.Subject)
	}
	// A greeting's preview lists its occasion, and no month.
	pv, err = b.PreviewTemplate(ctx, mei, "christmas.tmpl", "subject: Merry {{.Occasion}}\n"+tail, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range pv.Fields {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); !strings.Contains(got, ".Occasion") || strings.Contains(got, ".Month") || strings.Contains(got, ".Original.") {
		t.Errorf("a greeting's fields: %s", got)
	}

	// A letter's month, a follow-up's original, a greeting's occasion are
	// theirs: saved.
	for file, body := range map[string]string{
		"product-intro.tmpl":           "subject: {{reply .Original.Subject}}\n" + tail,
		"christmas.tmpl":               "subject: Merry {{.Occasion}}\n" + tail,
		LettersPrefix + "2026-12.tmpl": fmt.Sprintf(letterStarter, "2026-12"),
	} {
		if _, probs, err := b.SaveTemplate(ctx, mei, file, body, "none", now); err != nil || len(probs) > 0 {
			t.Errorf("save of %s: %v %+v", file, err, probs)
		}
	}
}

// A team template already on disk that writes such a field is named by
// the check as a warning (TemplateKindProblems), not a problem that holds
// the follow-ups: it loads.
func TestTemplateKindProblemsWarnOfFilesOnDisk(t *testing.T) {
	tdir := t.TempDir()
	body := "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"
	if err := os.WriteFile(filepath.Join(tdir, "product-intro.tmpl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, set, probs := LoadSequenceFiles(t.TempDir(), tdir)
	if len(probs) > 0 {
		t.Fatalf("the file does not load: %+v", probs)
	}
	got := TemplateKindProblems(set, nil, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	if len(got) != 1 || got[0].File != "product-intro.tmpl" || got[0].Field != ".Month" {
		t.Fatalf("warnings: %+v, want product-intro.tmpl's .Month alone (the built-in templates write none)", got)
	}
}
