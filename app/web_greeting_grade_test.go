package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// A letter's or greeting's preview for a customer the greetings job skips
// for its grade says so, as the plan does: a grade-C customer with
// letter_grades = ["A", "B"] gets no monthly letter, and an ungraded
// customer known from mail only no greeting by default; a grade-B one gets
// both, and the preview carries no such line.
func TestGreetingPreviewSaysNotSentForTheCustomersGrade(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
	lily := "lily@lumina-export.example"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Owner: &lily}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	letters := t.TempDir()
	letter := fmt.Sprintf(letterStarter, "2026-12")
	if err := os.WriteFile(filepath.Join(letters, "2026-12.tmpl"), []byte(letter), 0o644); err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Greetings.LetterGrades = []string{"A", "B"}
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	b := NewWebBackend(WebDeps{DB: w.a.DB, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(), LettersDir: letters,
		GreetingSenders: w.a.GreetingSenders(), GreetingRules: w.a.GreetingRules(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	notSent := func(file, body string) []string {
		t.Helper()
		pv, err := b.PreviewTemplate(ctx, mei, file, body, msg.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range pv.Problems {
			if strings.HasPrefix(p.Msg, notSentPrefix) {
				out = append(out, p.Msg)
			}
		}
		return out
	}
	christmas := "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas.\n\n{{.Owner.Signature}}\n"
	zh := web.Lang{Code: "zh"}

	// Ungraded, known from mail only: no greeting (the default grades).
	want := notSentPrefix + `ungraded; grade the customer first (known from mail only, not the customer book; greetings.grades with "" greets every ungraded customer)`
	if got := notSent("christmas.tmpl", christmas); len(got) != 1 || got[0] != want {
		t.Errorf("christmas for an ungraded customer: %q; want %q", got, want)
	} else if z := zh.Err(got[0]); strings.Contains(z, "grade the customer") {
		t.Errorf("in Chinese: %q", z)
	}

	grade := "C"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	want = notSentPrefix + `grade "C" is not greeted (greetings.letter_grades)`
	if got := notSent("letters/2026-12.tmpl", letter); len(got) != 1 || got[0] != want {
		t.Errorf("letter for a grade-C customer: %q; want %q", got, want)
	} else if z := zh.Err(got[0]); strings.Contains(z, "greeted") {
		t.Errorf("in Chinese: %q", z)
	}
	// Greeted at Christmas (grades left to the default, A to D).
	if got := notSent("christmas.tmpl", christmas); len(got) != 0 {
		t.Errorf("christmas for a grade-C customer: %q", got)
	}

	grade = "B"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	if got := notSent("letters/2026-12.tmpl", letter); len(got) != 0 {
		t.Errorf("letter for a grade-B customer: %q", got)
	}
}
