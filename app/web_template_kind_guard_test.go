package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The team's chinese-new-year template is what the greetings job sends
// at the Spring Festival, Tết and Seollal: a greeting, whose {{.Occasion}}
// names the festival. Its save is not refused and the checks do not warn
// that it is held.
func TestChineseNewYearTemplateIsAGreeting(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	body := "subject: 祝您{{.Occasion}}快乐\n--- text\n{{.Contact.Salutation}}，\n\n祝您{{.Occasion}}快乐！\n\n{{.Owner.Signature}}\n"
	b, mei, _ := consoleBackend(t, now)
	if _, probs, err := b.SaveTemplate(ctx, mei, "chinese-new-year.zh.tmpl", body, "none", now); err != nil || len(probs) > 0 {
		t.Fatalf("save: %v %+v", err, probs)
	}

	tdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(tdir, "chinese-new-year.zh.tmpl"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, set, probs := LoadSequenceFiles(t.TempDir(), tdir)
	if len(probs) > 0 {
		t.Fatalf("the file does not load: %+v", probs)
	}
	if got := TemplateKindProblems(set, []string{"spring-festival"}, now); len(got) > 0 {
		t.Fatalf("warnings: %+v", got)
	}
}

// A use guarded by the field itself ({{with .Month}}, {{with
// .Original.Subject}}) prints nothing in a mail without it, and no blank:
// the console saves it.
func TestGuardedUseOfAFieldItsMailNeverHasIsSaved(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	const tail = "--- text\n{{.Contact.Salutation}},\n\nour news{{with .Month}} for {{.}}{{end}}{{if .Occasion}}, and {{.Occasion}} greetings{{end}}.\n\nBest regards,\n{{.Owner.Signature}}\n"
	b, mei, _ := consoleBackend(t, now)
	for file, body := range map[string]string{
		"product-intro.tmpl": "subject: News from {{.Owner.Name}}\n" + tail,
		"christmas.tmpl":     "subject: Merry {{.Occasion}}{{with .Original.Subject}} ({{.}}){{end}}\n--- text\n{{.Contact.Salutation}},\n\nMerry {{.Occasion}}.\n\n{{.Owner.Signature}}\n",
	} {
		if _, probs, err := b.SaveTemplate(ctx, mei, file, body, "none", now); err != nil || len(probs) > 0 {
			t.Errorf("save of %s: %v %+v", file, err, probs)
		}
	}
}

// "Write or edit" a greeting with no file of its own opens what the
// greetings job sends for it today (the holiday template of that
// language), not a follow-up's starter writing .Original, and saves clean.
func TestNewGreetingStartsFromTheHolidayTemplate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, _ := consoleBackend(t, now)
	for _, file := range []string{"mid-autumn.zh.tmpl", "eid-al-adha.tmpl"} {
		e, err := b.Template(ctx, mei, file)
		if err != nil {
			t.Fatal(err)
		}
		if !e.New || e.Kind != "greeting" || strings.Contains(e.Body, ".Original") || !strings.HasPrefix(e.From, "holiday.") {
			t.Fatalf("%s: new %v, kind %q, from %q, body:\n%s", file, e.New, e.Kind, e.From, e.Body)
		}
		if _, probs, err := b.SaveTemplate(ctx, mei, file, e.Body, e.Version, now); err != nil || len(probs) > 0 {
			t.Errorf("save of %s: %v %+v", file, err, probs)
		}
	}
}

// With two of the team's Traditional Chinese files of one name, "Write or
// edit" another Traditional tag opens the one sent (sorted last), not the
// one listed "not sent".
func TestWriteOrEditTraditionalOpensTheFileSent(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tdir := consoleBackend(t, now)
	for _, f := range []string{"resend.zh-hk.tmpl", "resend.zh-tw.tmpl"} {
		body := "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}，\n\n" + f + "\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"
		if err := os.WriteFile(filepath.Join(tdir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, set, _ := b.load()
	sent, ok := set.Lookup("resend", "zh-hant")
	if !ok || sent.File != "resend.zh-tw.tmpl" {
		t.Fatalf("the rig: sent %+v", sent)
	}
	e, err := b.Template(ctx, mei, "resend.zh-hant.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if e.File != "resend.zh-tw.tmpl" {
		t.Errorf("opened %s, want the file sent, resend.zh-tw.tmpl", e.File)
	}
}
