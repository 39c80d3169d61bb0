package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/templates"
	"keepwarm/web"
)

const (
	resendFixed = "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\ndid my last mail reach you?\n\n{{.Owner.Signature}}\n"
	priceFixed  = "subject: New prices\n--- text\n{{.Contact.Salutation}},\n\nour prices change next month.\n\n{{.Owner.Signature}}\n"
	// Edited by hand and left broken: the action is never closed.
	brokenTemplate = "subject: New prices\n--- text\n{{.Contact.Salutation}},\n\nour prices change {{.Month\n\n{{.Owner.Signature}}\n"
)

// Two template files left broken by hand (or by a backup restored) are
// each shown as not loading with a link to its editor: the fix of either
// is saved, its problems being its own, and the other's problem is told
// as still there. The running job is handed nothing until the last one is
// fixed, and then the whole set.
func TestTwoBrokenTemplatesAreFixedOneAtATime(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	tdir := t.TempDir()
	for _, f := range []string{"resend.tmpl", "price-update.tmpl"} {
		if err := os.WriteFile(filepath.Join(tdir, f), []byte(brokenTemplate), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: w.job, SequencesDir: t.TempDir(), TemplatesDir: tdir,
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	if fc := b.FilesCheck(ctx); len(fc.BrokenTemplates) != 2 {
		t.Fatalf("broken templates listed: %v", fc.BrokenTemplates)
	}

	ch, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", resendFixed, FileVersion(filepath.Join(tdir, "resend.tmpl")), t0)
	if err != nil || len(probs) > 0 {
		t.Fatalf("the fix of resend.tmpl is refused for price-update.tmpl's problem: %v %+v", err, probs)
	}
	if !ch.Pending || ch.Later {
		t.Errorf("saved beside a file that still does not load: %+v", ch)
	}
	if got, _ := os.ReadFile(filepath.Join(tdir, "resend.tmpl")); string(got) != resendFixed {
		t.Fatalf("resend.tmpl not written: %q", got)
	}
	fc := b.FilesCheck(ctx)
	if len(fc.BrokenTemplates) != 1 || fc.BrokenTemplates[0] != "price-update.tmpl" || len(fc.Problems) == 0 {
		t.Fatalf("after the first fix: %+v", fc)
	}
	if _, ok := w.job.Templates().Lookup("price-update", ""); ok {
		t.Fatal("the running job was handed templates of which one does not load")
	}
	if tm, ok := w.job.Templates().Lookup("resend", ""); !ok {
		t.Fatal("the running job lost resend")
	} else if r, err := tm.Render(templates.SampleData()); err != nil || strings.Contains(r.Text, "did my last mail reach you?") {
		t.Fatal("the running job was handed the files while one still does not load")
	}

	ch, probs, err = b.SaveTemplate(ctx, mei, "price-update.tmpl", priceFixed, FileVersion(filepath.Join(tdir, "price-update.tmpl")), t0)
	if err != nil || len(probs) > 0 {
		t.Fatalf("the second fix: %v %+v", err, probs)
	}
	if ch.Pending || ch.Later || ch.Restart {
		t.Errorf("the last fix is not taken at once: %+v", ch)
	}
	if fc := b.FilesCheck(ctx); len(fc.Problems) > 0 || len(fc.BrokenTemplates) > 0 {
		t.Fatalf("after both fixes: %+v", fc)
	}
	if _, ok := w.job.Templates().Lookup("price-update", ""); !ok {
		t.Fatal("the running job was not handed the fixed files")
	}
}

// A sequence file left broken by hand (its page is read-only) does not
// stop a template from being saved; a template that is itself broken is
// still refused, naming its own problem.
func TestABrokenSequenceFileDoesNotStopATemplateSave(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	sdir, tdir := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(sdir, "quote.toml"), []byte("name = \"Quote\"\nmode = \"draft\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: w.job, SequencesDir: sdir, TemplatesDir: tdir,
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	_, probs, err := b.SaveTemplate(ctx, mei, "price-update.tmpl", brokenTemplate, "none", t0)
	if err != nil || len(probs) == 0 {
		t.Fatalf("a broken template is saved: %v %+v", err, probs)
	}
	own := false
	for _, p := range probs {
		own = own || p.File == ""
	}
	if !own {
		t.Errorf("the refusal names no problem of the template itself: %+v", probs)
	}
	ch, probs, err := b.SaveTemplate(ctx, mei, "price-update.tmpl", priceFixed, "none", t0)
	if err != nil || len(probs) > 0 {
		t.Fatalf("a template save is refused for quote.toml's problem: %v %+v", err, probs)
	}
	if !ch.Pending {
		t.Errorf("saved beside a sequence file that does not load: %+v", ch)
	}
	if fc := b.FilesCheck(ctx); len(fc.Broken) != 1 || fc.Broken[0] != "quote" {
		t.Errorf("quote.toml no longer shown as broken: %+v", fc)
	}
	if _, ok := w.job.Templates().Lookup("price-update", ""); ok {
		t.Error("the running job was handed the files beside a sequence file that does not load")
	}
}

// A problem an edit adds to another file refuses the save, though that
// file had problems of its own before: only the problems that were there
// already let it through.
func TestASaveIsRefusedForAProblemItAddsToAnotherFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.tmpl", "b.tmpl"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewWebBackend(WebDeps{})
	// b.tmpl has a problem whatever a.tmpl holds, and one more while
	// a.tmpl says "worse".
	check := func(d string) []templates.Problem {
		ps := []templates.Problem{{File: "b.tmpl", Line: 3, Msg: "does not close an action"}}
		if body, _ := os.ReadFile(filepath.Join(d, "a.tmpl")); string(body) == "worse" {
			ps = append(ps, templates.Problem{File: "b.tmpl", Line: 5, Msg: "no template a"})
		}
		return ps
	}
	refuse, still, err := b.checkSave(dir, "a.tmpl", []byte("better"), check)
	if err != nil || len(refuse) > 0 || len(still) != 1 {
		t.Fatalf("a save adding nothing: refused %+v, still %+v, %v", refuse, still, err)
	}
	refuse, still, err = b.checkSave(dir, "a.tmpl", []byte("worse"), check)
	if err != nil || len(refuse) != 2 || len(still) > 0 {
		t.Fatalf("a save adding a problem to b.tmpl: refused %+v, still %+v, %v", refuse, still, err)
	}
}
