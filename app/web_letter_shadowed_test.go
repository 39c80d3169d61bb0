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

// A month's letter file another file of the same language takes the place
// of is never sent (2026-12.en.tmpl beside 2026-12.tmpl, the English
// letter; 2026-12.zh-hant.tmpl beside 2026-12.zh-tw.tmpl, the Traditional
// one): the console refuses to save it, naming the file that is sent, its
// preview says so, and the list marks it, as it does a team template.
func TestShadowedLetterIsRefusedAndMarked(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	letter := fmt.Sprintf(letterStarter, "2026-12")
	for _, c := range []struct{ sent, shadowed string }{
		{"2026-12.tmpl", "2026-12.en.tmpl"},
		{"2026-12.zh-tw.tmpl", "2026-12.zh-hant.tmpl"},
	} {
		t.Run(c.shadowed, func(t *testing.T) {
			b, mei, _ := consoleBackend(t, now)
			dir := b.d.LettersDir
			// With the month's letter for everyone else.
			for _, f := range []string{"2026-12.tmpl", c.sent} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(letter), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			edited := strings.Replace(letter, "a short note", "our December prices", 1)
			_, probs, err := b.SaveTemplate(ctx, mei, LettersPrefix+c.shadowed, edited, "", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 || !strings.HasPrefix(probs[0].Msg, c.sent+" is the same template in the same language") {
				t.Errorf("save of %s beside %s: %+v", c.shadowed, c.sent, probs)
			}
			if _, err := os.Stat(filepath.Join(dir, c.shadowed)); err == nil {
				t.Errorf("%s was written", c.shadowed)
			}
			pv, err := b.PreviewTemplate(ctx, mei, LettersPrefix+c.shadowed, edited, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !hasProblem(pv.Problems, c.sent+" is the same template") {
				t.Errorf("preview of %s: %+v", c.shadowed, pv.Problems)
			}
			// The file that is sent saves as before.
			if _, probs, err := b.SaveTemplate(ctx, mei, LettersPrefix+c.sent, edited, "", now); err != nil || len(probs) > 0 {
				t.Errorf("save of %s: %v %+v", c.sent, err, probs)
			}
			// Written by hand, the list marks it as never sent.
			if err := os.WriteFile(filepath.Join(dir, c.shadowed), []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, err := b.Templates(ctx, mei)
			if err != nil {
				t.Fatal(err)
			}
			marked := map[string]string{}
			for _, r := range rows {
				if r.Kind == "letter" {
					marked[r.File] = r.ShadowedBy
				}
			}
			if marked[LettersPrefix+c.shadowed] != c.sent || marked[LettersPrefix+c.sent] != "" {
				t.Errorf("letter rows: %q", marked)
			}
		})
	}
}

func hasProblem(ps []web.Problem, prefix string) bool {
	for _, p := range ps {
		if strings.HasPrefix(p.Msg, prefix) {
			return true
		}
	}
	return false
}
