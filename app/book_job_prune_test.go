package app

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"keepwarm/store"
)

// TestBookJobGoesOnWhenSignInsCannotBePruned: deleting the web's ended
// sign-ins is a chore beside the book's work; when it fails the book job
// still reports success and asks to run at the next claim's deadline.
func TestBookJobGoesOnWhenSignInsCannotBePruned(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	a, c := greetApp(t, func(s string) string { return s }, t0)
	ctx := context.Background()
	none := ""
	if err := a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &none}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	// Lily claims it back from the pool after the cool-down.
	rules := a.Cfg.Book.Rules()
	t1 := t0.Add(rules.Cooldown + time.Hour)
	if err := a.DB.ClaimCustomer(ctx, c.ID, "lily@lumina-export.example", t1, rules); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", a.DB.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DROP TABLE web_sessions`); err != nil {
		t.Fatal(err)
	}
	next, err := a.NewBookJob().Run(ctx, t1.Add(time.Minute))
	if err != nil {
		t.Errorf("the book job failed over pruning sign-ins: %v", err)
	}
	if want := t1.Add(rules.ClaimDeadline); !next.Equal(want) {
		t.Errorf("the book job asks to run at %v; want the claim's deadline %v", next, want)
	}
}
