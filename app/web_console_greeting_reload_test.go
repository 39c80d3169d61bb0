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

const springQuote = `name = "Quote"
mode = "draft"

[[step]]
after = "3d"
action = "email"
template = "resend"

[[step]]
after = "7d"
action = "email"
template = "spring-card"
`

// A sequence file edited by hand so that a step sends a template
// [greetings] names is refused by the daemon; a template saved in the
// console after it is written, the step's problem told as still there,
// and the running job is not handed the files: else the greeting went
// out as a follow-up in a quotation's thread until the next restart.
func TestTemplateSaveAfterAHandEditedGreetingStepIsNotTakenUp(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	sdir, tdir := t.TempDir(), t.TempDir()
	card := "subject: Happy spring\n--- text\nDear {{.Contact.Salutation}},\n\nHappy spring!\n\n{{.Owner.Name}}\n"
	if err := os.WriteFile(filepath.Join(tdir, "spring-card.tmpl"), []byte(card), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewWebBackend(WebDeps{DB: w.a.DB, FollowUp: w.job, SequencesDir: sdir, TemplatesDir: tdir, GreetingTemplates: []string{"spring-card"},
		People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	if later, _ := b.reload(ctx, t0); later {
		t.Fatal("clean files are not taken up at once")
	}
	if err := os.WriteFile(filepath.Join(sdir, "quote.toml"), []byte(springQuote), 0o644); err != nil {
		t.Fatal(err)
	}
	if later, _ := b.reload(ctx, t0); !later {
		t.Error("the running job was handed a sequence whose step sends the greeting spring-card")
	}
	e, err := b.Template(ctx, mei, "resend.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	ch, probs, err := b.SaveTemplate(ctx, mei, "resend.tmpl", strings.Replace(e.Body, "\n--- text", "\n--- text\n", 1), e.Version, t0)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if !ch.Pending {
		t.Errorf("saved beside a greeting step, not told the follow-ups wait for its fix: %+v", ch)
	}
	if _, ok := w.job.Definition("Quote"); ok {
		t.Error("the running job was handed a sequence whose step sends the greeting spring-card")
	}
	found := false
	for _, p := range b.FilesCheck(ctx).Problems {
		found = found || (p.File == "quote.toml" && strings.Contains(p.Msg, "spring-card"))
	}
	if !found {
		t.Errorf("the greeting step's problem is no longer listed: %+v", b.FilesCheck(ctx).Problems)
	}
}
