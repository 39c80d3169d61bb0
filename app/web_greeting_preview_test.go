package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/web"
)

// The console's preview of a greeting names its occasion as the greetings
// job would on the app's clock (a replay's --now), not the wall clock's
// year: Diwali has a date in 2026, none in 2031 (the table ends in 2030),
// where the preview falls back to the sample occasion as for any key
// without a date.
func TestGreetingPreviewNamesTheOccasionOnTheAppsClock(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC), "Diwali"},
		{time.Date(2031, 10, 20, 9, 0, 0, 0, time.UTC), templates.SampleData().Occasion},
	} {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), tc.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		b := NewWebBackend(WebDeps{DB: db, TemplatesDir: t.TempDir(), GreetingTemplates: []string{"diwali"},
			People: []web.Person{{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}}, Clock: keepwarm.NewManualClock(tc.now)})
		pv, err := b.PreviewTemplate(ctx, web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}, "diwali.tmpl",
			"subject: Best wishes for {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\n{{.Occasion}}\n\n{{.Owner.Signature}}\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Best wishes for " + tc.want; pv.Subject != want || len(pv.Problems) > 0 {
			t.Errorf("%d: preview subject %q, problems %v; want %q", tc.now.Year(), pv.Subject, pv.Problems, want)
		}
	}
}
