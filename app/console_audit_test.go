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

// A sequence save's audit line says which settings changed: more tags and
// a wider window leave the steps as they were, and the line still shows
// them.
// Saving the same again writes nothing and records nothing.
func TestSequenceSaveAuditSaysWhatChanged(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(vipFile), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: dir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	e, err := b.Sequence(ctx, mei, "VIP")
	if err != nil {
		t.Fatal(err)
	}
	d := e.Draft
	d.Tags = []string{"vip", "export"}
	d.Window.End = "23:59"
	ch, probs, err := b.SaveSequence(ctx, mei, d, false, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if ch.Before != "tags: vip; window.end: 17:00" || ch.After != "tags: vip, export; window.end: 23:59" || ch.Unchanged {
		t.Fatalf("audit %q → %q (unchanged %v)", ch.Before, ch.After, ch.Unchanged)
	}
	e, err = b.Sequence(ctx, mei, "VIP")
	if err != nil {
		t.Fatal(err)
	}
	ch, probs, err = b.SaveSequence(ctx, mei, e.Draft, false, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if !ch.Unchanged {
		t.Fatalf("a save of the same settings is not unchanged: %+v", ch)
	}
}

// A template save's audit line shows the first changed line with its
// number, though the file's opening is the same on both sides.
func TestTemplateSaveAuditShowsTheChangedLine(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	head := "subject: Our prices\ndescription: " + strings.Repeat("the product list with this month's prices ", 8) + "\n--- text\nDear {{.Contact.Salutation}},\n\n"
	old := head + "Our price is USD 4.20 per unit.\n\nBest regards,\n{{.Owner.Name}}\n"
	b, mei, _ := meiTemplatesConsole(t, now, map[string]string{"prices.tmpl": old})
	e, err := b.Template(ctx, mei, "prices.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	cur := strings.Replace(old, "USD 4.20", "USD 3.90", 1)
	ch, probs, err := b.SaveTemplate(ctx, mei, "prices.tmpl", cur, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if ch.Before != "line 6: Our price is USD 4.20 per unit." || ch.After != "line 6: Our price is USD 3.90 per unit." {
		t.Fatalf("audit %q → %q", ch.Before, ch.After)
	}
}

// A built-in template saved as it is writes the team's first copy: that
// is a change, and it is recorded.
func TestBuiltInTemplateSavedAsItIsIsRecorded(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tdir := meiTemplatesConsole(t, now, nil)
	e, err := b.Template(ctx, mei, "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	ch, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", e.Body, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if ch.Unchanged {
		t.Fatal("the team's first copy of a built-in is taken for no change")
	}
	if _, err := os.Stat(filepath.Join(tdir, "resend.tmpl")); err != nil {
		t.Fatal(err)
	}
	// The line says the team now has its own copy, not "line 15:
	// (nothing) → line 15: (nothing)".
	if ch.Before != "built-in" || ch.After != "the team's own copy, same text" {
		t.Fatalf("audit %q → %q", ch.Before, ch.After)
	}
	// Changed, it says what changed too.
	e, err = b.Template(ctx, mei, "resend.zh.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	cur := strings.Replace(e.Body, "\n--- text\n", "\n--- text\n您好！\n", 1)
	if ch, probs, err = b.SaveTemplate(ctx, mei, "resend.zh.tmpl", cur, e.Version, now); err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if !strings.HasPrefix(ch.Before, "built-in, line ") || !strings.HasPrefix(ch.After, "the team's own copy, line ") || !strings.Contains(ch.After, "您好！") {
		t.Fatalf("audit %q → %q", ch.Before, ch.After)
	}
	// A hand-written file with CRLF line endings saved unchanged in the
	// console (the form sends LF): only the line endings changed.
	crlf := strings.ReplaceAll(cur, "\n", "\r\n")
	if err := os.WriteFile(filepath.Join(tdir, "resend.zh.tmpl"), []byte(crlf), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err = b.Template(ctx, mei, "resend.zh.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if ch, probs, err = b.SaveTemplate(ctx, mei, "resend.zh.tmpl", cur, e.Version, now); err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if ch.Before != "" || ch.After != "only spaces or line endings changed" {
		t.Fatalf("audit %q → %q", ch.Before, ch.After)
	}
}

// A built-in sequence saved as it is writes the team's first copy, which
// replaces the built-in from then on: the audit line says so, as a
// built-in template's does.
func TestBuiltInSequenceSavedAsItIsIsRecordedAsTheTeamsCopy(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	sdir := t.TempDir()
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: sdir, People: []web.Person{mei}, Clock: keepwarm.NewManualClock(now)})
	e, err := b.Sequence(ctx, mei, "key-customer")
	if err != nil {
		t.Fatal(err)
	}
	if !e.BuiltIn {
		t.Fatal("key-customer is not a built-in here")
	}
	ch, probs, err := b.SaveSequence(ctx, mei, e.Draft, false, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if _, err := os.Stat(filepath.Join(sdir, "key-customer.toml")); err != nil {
		t.Fatal(err)
	}
	if ch.Unchanged || !strings.HasPrefix(ch.Before, "built-in, ") || !strings.HasPrefix(ch.After, "the team's own copy, ") {
		t.Fatalf("audit %q → %q (unchanged %v)", ch.Before, ch.After, ch.Unchanged)
	}
	// The team's copy saved again is the team's file: no such words.
	e, err = b.Sequence(ctx, mei, "key-customer")
	if err != nil {
		t.Fatal(err)
	}
	d := e.Draft
	d.Description = "our key customers"
	ch, probs, err = b.SaveSequence(ctx, mei, d, false, e.Version, now)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if strings.Contains(ch.Before, "built-in") || strings.Contains(ch.After, "team's own copy") || !strings.HasPrefix(ch.After, "description: ") {
		t.Fatalf("second save's audit %q → %q", ch.Before, ch.After)
	}
}
