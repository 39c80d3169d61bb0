package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
)

// The forecast gives each greeting the rule that really places it: a
// birthday on the day, an occasion with days_before that many days early,
// Christmas on the last working day before Christmas Eve.
func TestForecastSaysHowEachGreetingIsPlaced(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	a, _ := greetApp(t, func(s string) string {
		return s + "\n[greetings]\noccasions = [\"birthday\", \"christmas\", \"new-year\"]\n" +
			"days_before = { new-year = 3 }\nenglish_for = [\"*\"]\n"
	}, t0)
	sheet, err := book.Parse([][]string{{"email", "birthday"}, {hansMeier.Email, "1975-12-04"}}, book.ParseOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ImportBook(ctx, t0, sheet, store.ImportOptions{Owner: "lily@lumina-export.example"}); err != nil {
		t.Fatal(err)
	}
	g := mustGreetings(t, a)
	got, err := Forecast(ctx, a.DB, nil, g, time.UTC, t0, 40)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, e := range got {
		if e.Kind == "greeting" {
			rules[e.Local[:10]] = e.Rule
		}
	}
	for day, want := range map[string]string{
		"2026-12-04": "your birthday on 2026-12-04, on the day",
		"2026-12-23": "Christmas on 2026-12-25, the customer's last working day before Christmas Eve",
		"2026-12-29": "New Year on 2027-01-01, 3 days before",
	} {
		if rules[day] != want {
			t.Errorf("%s: rule %q, want %q", day, rules[day], want)
		}
	}
}

// A greeting planned while its salesperson is away is not sent in their
// name (the send's last look drops it): the forecast says so, and keeps
// Don't send. The absence is looked up by the salesperson, also when their
// mailbox logs in with another address.
func TestForecastSaysAGreetingIsNotSentWhileTheSenderIsAway(t *testing.T) {
	t0 := time.Date(2026, 12, 18, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	a, _ := greetApp(t, func(s string) string {
		s = withLilyAway(s, "2026-12-21", "2027-01-03")
		s = strings.Replace(s, `username = "lily@lumina-export.example"`, `username = "lily.chen@lumina-export.example"`, 1)
		return s + "\n[greetings]\noccasions = [\"christmas\"]\nenglish_for = [\"*\"]\n"
	}, t0)
	g := mustGreetings(t, a)
	got, err := Forecast(ctx, a.DB, nil, g, time.UTC, t0, 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != "greeting" {
		t.Fatalf("forecast: %+v", got)
	}
	want := "lily@lumina-export.example is away (config) and not back before the greeting's day ends: it is not sent in their name while they are away"
	if got[0].Note != want || !strings.HasSuffix(got[0].Rule, "; "+want) || got[0].Key == "" {
		t.Fatalf("Christmas: %+v", got[0])
	}
}

// Hans's December letter was due on 1 December and still waits on the
// 19th; Lily is away in the config from 18 December to 6 January. The
// send's last look judges her absence when it looks, now: the forecast
// says the letter is not sent in her name, as `keepwarm greetings plan`
// does, and does not count it beside the follow-up steps. In dry-run the
// last look lets it pass (it reaches nobody), and the forecast says
// nothing of her absence.
func TestForecastJudgesADueLettersSenderAwayNow(t *testing.T) {
	t0 := time.Date(2026, 12, 19, 10, 0, 0, 0, time.UTC)
	ctx := context.Background()
	dir := decemberLettersDir(t)
	for _, mode := range []string{"", "dry-run"} {
		a, c := greetApp(t, func(s string) string {
			s = withLilyAway(s, "2026-12-18", "2027-01-06")
			s += "\n[greetings]\nletters_dir = \"" + dir + "\"\nenglish_for = [\"*\"]\n"
			if mode != "" {
				s += "mode = \"" + mode + "\"\n"
			}
			return s
		}, t0)
		// A follow-up runs: the letter waits for it to end.
		enrollHansInAFollowUp(t, a, c, t0)
		g := mustGreetings(t, a)
		got, err := Forecast(ctx, a.DB, nil, g, time.UTC, t0, 14)
		if err != nil {
			t.Fatal(err)
		}
		var letter *ForecastEntry
		for i := range got {
			if got[i].Kind == "letter" {
				letter = &got[i]
			}
		}
		if letter == nil {
			t.Fatalf("%q: no letter in the forecast: %+v", mode, got)
		}
		const away = "lily@lumina-export.example is away (config) and not back before the letter's month ends: it is not sent in their name while they are away"
		if mode == "" && (letter.Note != away || !strings.HasSuffix(letter.Rule, "; "+away)) {
			t.Fatalf("the letter due on 1 December: %+v; want %q", *letter, away)
		}
		if mode != "" && strings.Contains(letter.Rule, "is away") {
			t.Fatalf("dry-run: the letter due on 1 December: %+v; want no absence verdict", *letter)
		}
	}
}

// decemberLettersDir is a letters folder holding a December letter.
func decemberLettersDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "2026-12.tmpl"), []byte("subject: December news\n--- text\n{{.Contact.Salutation}},\n\nwhat is new.\n\n{{.Owner.Signature}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// withLilyAway is the config s with Lily away from from until until.
func withLilyAway(s, from, until string) string {
	return strings.Replace(s, `signature = "Lily Chen\nSales Manager, Lumina Export"`,
		`signature = "Lily Chen\nSales Manager, Lumina Export"`+"\n"+`away = [{ from = "`+from+`", until = "`+until+`" }]`, 1)
}

// enrollHansInAFollowUp starts a follow-up at t0 on Hans's first mail: a
// letter to him waits for it to end.
func enrollHansInAFollowUp(t *testing.T, a *App, c keepwarm.Customer, t0 time.Time) {
	t.Helper()
	ctx := context.Background()
	msg, err := a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: c.ID, Sequence: "key-customer", Step: 1,
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3),
		Mailbox: "lily", Owner: c.Owner, To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
}

// mustGreetings is a's greetings, which the test's config turns on.
func mustGreetings(t *testing.T, a *App) *sequences.Greetings {
	t.Helper()
	g, err := a.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
	return g
}
