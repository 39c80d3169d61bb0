package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// The template list and the editor tell a greeting's template by the
// holidays keepwarm knows whatever the year, with the app's clock's year (a
// replay's --now) for the libraries' calendars: Diwali has a date in 2026
// and none in 2031, and its template is a greeting's in both.
func TestConsoleClassifiesGreetingsOnTheAppsClock(t *testing.T) {
	ctx := context.Background()
	mgr := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC), "greeting"},
		{time.Date(2031, 10, 20, 9, 0, 0, 0, time.UTC), "greeting"},
	} {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), tc.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		b := NewWebBackend(WebDeps{DB: db, TemplatesDir: t.TempDir(), People: []web.Person{mgr}, Clock: keepwarm.NewManualClock(tc.now)})
		rows, err := b.Templates(ctx, mgr)
		if err != nil {
			t.Fatal(err)
		}
		kind := ""
		for _, r := range rows {
			if r.File == "diwali.tmpl" {
				kind = r.Kind
			}
		}
		if kind != tc.want {
			t.Errorf("%d: diwali.tmpl listed as %q, want %q", tc.now.Year(), kind, tc.want)
		}
		e, err := b.Template(ctx, mgr, "diwali.tmpl")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"greeting": "greeting", "other": "follow-up"}[tc.want]; e.Kind != want {
			t.Errorf("%d: the editor has diwali.tmpl as %q, want %q", tc.now.Year(), e.Kind, want)
		}
	}
}
