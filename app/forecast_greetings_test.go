package app

import (
	"context"
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
