package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
