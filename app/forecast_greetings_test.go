package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
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
	g, err := a.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
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
		s = strings.Replace(s, `signature = "Lily Chen\nSales Manager, Lumina Export"`,
			`signature = "Lily Chen\nSales Manager, Lumina Export"`+"\n"+`away = [{ from = "2026-12-21", until = "2027-01-03" }]`, 1)
		s = strings.Replace(s, `username = "lily@lumina-export.example"`, `username = "lily.chen@lumina-export.example"`, 1)
		return s + "\n[greetings]\noccasions = [\"christmas\"]\nenglish_for = [\"*\"]\n"
	}, t0)
	g, err := a.NewGreetings(nil)
	if err != nil || g == nil {
		t.Fatalf("greetings: %v", err)
	}
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
