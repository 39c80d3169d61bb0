package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// greetingPreviewProblems previews template file (body) for Hans's
// customer on the console as Mei, with the app's [greetings] rules, and
// returns the preview's problems.
func greetingPreviewProblems(t *testing.T, w *fuApp, customerID int64, t0 time.Time, file, body string) []string {
	t.Helper()
	mei := web.Person{Email: "mei@lumina-export.example", Name: "Mei Lin", Manager: true}
	name := strings.TrimSuffix(file, ".tmpl")
	b := NewWebBackend(WebDeps{DB: w.a.DB, SequencesDir: t.TempDir(), TemplatesDir: t.TempDir(), GreetingTemplates: []string{name},
		GreetingSenders: w.a.GreetingSenders(), GreetingRules: w.a.GreetingRules(), People: []web.Person{mei}, Clock: keepwarm.NewManualClock(t0)})
	pv, err := b.PreviewTemplate(context.Background(), mei, file, body, customerID)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range pv.Problems {
		msgs = append(msgs, p.Msg)
	}
	return msgs
}

// hansGreeted is Hans's inquiry app with his customer graded B and the
// team greeting Christmas, Diwali and birthdays.
func hansGreeted(t *testing.T, t0 time.Time) (*fuApp, int64) {
	t.Helper()
	w, msg := hansInquiryApp(t, t0)
	grade, country, owner := "B", "DE", "lily@lumina-export.example"
	if err := w.a.DB.SetCustomer(context.Background(), msg.CustomerID, store.CustomerChange{Grade: &grade, Country: &country, Owner: &owner}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	w.a.Cfg.Greetings.Occasions = []string{"christmas", "diwali", "birthday"}
	return w, msg.CustomerID
}

const christmasBody = "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas.\n\n{{.Owner.Signature}}\n"

// The console's preview of a greeting for a customer whose only contact
// is a company address, company_addresses off, says the plan does not
// send it there, in English and in Chinese.
func TestGreetingPreviewSaysACompanyAddressIsNotGreeted(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, id := hansGreeted(t, t0)
	raw, err := sqlx.Open("sqlite3", "file:"+w.a.DB.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE contacts SET company_address = 1 WHERE email = ?`, hansMeier.Email); err != nil {
		t.Fatal(err)
	}
	msgs := greetingPreviewProblems(t, w, id, t0, "christmas.tmpl", christmasBody)
	want := notSentPrefix + "a company address gets no holiday greeting (greetings.company_addresses)"
	if !strings.Contains(strings.Join(msgs, "\n"), want) {
		t.Errorf("preview problems: %q; want %q", msgs, want)
	}
	if got := (web.Lang{Code: "zh"}).Err(want); strings.Contains(got, "company address") {
		t.Errorf("the Chinese console: %q", got)
	}
	// Greeted there when the team asks for it.
	w.a.Cfg.Greetings.CompanyAddresses = true
	if msgs := greetingPreviewProblems(t, w, id, t0, "christmas.tmpl", christmasBody); strings.Contains(strings.Join(msgs, "\n"), "company address") {
		t.Errorf("preview problems with company_addresses on: %q", msgs)
	}
}

// Hans's birthday is not in the book, and Diwali is not kept in Germany:
// the previews of birthday.tmpl and diwali.tmpl for him say the plan
// sends neither, in English and in Chinese; Christmas goes.
func TestGreetingPreviewSaysWhichOccasionsAContactIsNotGreetedFor(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, id := hansGreeted(t, t0)
	for file, want := range map[string]string{
		"birthday.tmpl": "the customer book has no birthday for this contact",
		"diwali.tmpl":   "no diwali greeting for this contact in the next 12 months (DE)",
	} {
		msgs := greetingPreviewProblems(t, w, id, t0, file, strings.Replace(christmasBody, "Merry Christmas", "Best wishes", 1))
		if !strings.Contains(strings.Join(msgs, "\n"), notSentPrefix+want) {
			t.Errorf("%s preview problems: %q; want %q", file, msgs, want)
		}
		for _, m := range msgs {
			if got := (web.Lang{Code: "zh"}).Err(m); strings.Contains(got, "contact") {
				t.Errorf("%s in Chinese: %q", m, got)
			}
		}
	}
	if msgs := greetingPreviewProblems(t, w, id, t0, "christmas.tmpl", christmasBody); strings.Contains(strings.Join(msgs, "\n"), notSentPrefix) {
		t.Errorf("christmas preview problems: %q; want none", msgs)
	}
}
