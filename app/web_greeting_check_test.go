package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/web"
)

// A greeting template's preview checks the edited text as its save does:
// a file another one of the same name and language takes the place of,
// and a greeting that writes "Dear ," to a contact with no name, show as
// problems while it is typed, not only when "Check and save" refuses it.
func TestGreetingPreviewShowsWhatItsSaveRefuses(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	team := "subject: Happy birthday\n--- text\n{{.Contact.Salutation}},\n\nhappy birthday!\n\n{{.Owner.Signature}}\n"
	b, mei, tdir := meiTemplatesConsole(t, now, map[string]string{"birthday.tmpl": team})
	has := func(ps []web.Problem, want string) bool {
		for _, p := range ps {
			if strings.Contains(p.Msg, want) {
				return true
			}
		}
		return false
	}
	shadowed := fmt.Sprintf(ShadowedMsg, "birthday.tmpl")
	pv, err := b.PreviewTemplate(ctx, mei, "birthday.en.tmpl", team, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !has(pv.Problems, shadowed) {
		t.Errorf("preview of birthday.en.tmpl beside the team's birthday.tmpl: problems %+v", pv.Problems)
	}
	_, probs, err := b.SaveTemplate(ctx, mei, "birthday.en.tmpl", team, "none", now)
	if err != nil || !has(probs, shadowed) {
		t.Errorf("save of birthday.en.tmpl: %v %+v", err, probs)
	}

	noName := "subject: Happy birthday\n--- text\nDear {{.Contact.Name}},\n\nhappy birthday!\n\n{{.Owner.Signature}}\n"
	_, saveProbs, err := b.SaveTemplate(ctx, mei, "birthday.tmpl", noName, FileVersion(filepath.Join(tdir, "birthday.tmpl")), now)
	if err != nil || len(saveProbs) == 0 {
		t.Fatalf("a greeting writing \"Dear {{.Contact.Name}},\" is saved: %v %+v", err, saveProbs)
	}
	pv, err = b.PreviewTemplate(ctx, mei, "birthday.tmpl", noName, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range saveProbs {
		if !has(pv.Problems, p.Msg) {
			t.Errorf("the save refuses with %q, the preview shows %+v", p.Msg, pv.Problems)
		}
	}
}

// A christmas.tmpl listing the products in a bare {{range .Products}} is
// refused by the console's save, and its preview says so, as `sequences
// check` does: a customer no product matches does not get this greeting,
// not "add requires" as if it still went.
func TestConsoleSaysAGreetingWithABareRangeIsNotSent(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mei := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	tdir := t.TempDir()
	b := NewWebBackend(WebDeps{DB: tempDB(t, now), SequencesDir: t.TempDir(), TemplatesDir: tdir, People: []web.Person{mei},
		Clock: keepwarm.NewManualClock(now), GreetingRules: GreetingRules{Greetings: sequences.GreetingsConfig{Occasions: []string{"christmas"}}}})
	xmas := "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas, and here are our new items for next year:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n"
	says := func(ps []web.Problem) bool {
		for _, p := range ps {
			if p.Msg == sequences.BareRangeGreetingMsg {
				return true
			}
		}
		return false
	}
	if _, probs, err := b.SaveTemplate(ctx, mei, "christmas.tmpl", xmas, "none", now); err != nil || !says(probs) {
		t.Errorf("save of christmas.tmpl: %v %+v", err, probs)
	}
	if pv, err := b.PreviewTemplate(ctx, mei, "christmas.tmpl", xmas, 0); err != nil || !says(pv.Problems) {
		t.Errorf("preview of christmas.tmpl: %v %+v", err, pv.Problems)
	}
	// The fix the message names, the list inside {{with .Products}}, is
	// saved: the greeting reads whole without it and goes to everyone.
	guarded := "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas!{{with .Products}} Here are our new items for next year:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n{{.Owner.Signature}}\n"
	if pv, err := b.PreviewTemplate(ctx, mei, "christmas.tmpl", guarded, 0); err != nil || len(pv.Problems) != 0 {
		t.Errorf("preview of christmas.tmpl with {{with .Products}}: %v %+v", err, pv.Problems)
	}
	if _, probs, err := b.SaveTemplate(ctx, mei, "christmas.tmpl", guarded, "none", now); err != nil || len(probs) != 0 {
		t.Errorf("save of christmas.tmpl with {{with .Products}}: %v %+v", err, probs)
	}
}
