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
	"keepwarm/sequences"
	"keepwarm/store"
)

// A monthly letter to a customer of the manager, whose only sending
// mailbox is the shared sales@ and who is no named salesperson, is not
// planned from a bare address signed by nobody: the plan says what to set;
// with the mailbox's from_name it goes out signed so.
func TestLetterFromTheSharedMailboxNeedsAName(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	letters := t.TempDir()
	letter := "subject: News, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"
	if err := os.WriteFile(filepath.Join(letters, "2026-12.tmpl"), []byte(letter), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, mailbox string
		want          string // the From name; "" skipped
	}{
		{name: "no name"},
		{name: "from_name", mailbox: "from_name = \"Lumina Sales\"\nsignature = \"Lumina Sales Team\"", want: "Lumina Sales"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFUApp(t, fmt.Sprintf("%s\n[greetings]\nletters_dir = %q\n", tc.mailbox, letters), t0)
			w.save("sales", keepwarm.Message{MessageID: "q-1@globex.de", From: hansMeier, To: []keepwarm.Address{{Email: salesAddr}},
				Subject: "Question", SubjectKey: "question", Date: t0, Kind: keepwarm.KindInbound,
				CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "Fri, 20 Nov 2026 10:00:00 +0100")
			ctx := context.Background()
			c, err := w.a.DB.ResolveCustomer(ctx, hansMeier.Email)
			if err != nil {
				t.Fatal(err)
			}
			owner, country, grade := "grace@lumina-export.example", "DE", "B"
			if err := w.a.DB.SetCustomer(ctx, c.ID, store.CustomerChange{Owner: &owner, Country: &country, Grade: &grade}, t0, "test"); err != nil {
				t.Fatal(err)
			}
			g, err := w.a.NewGreetings(nil)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := g.PlanMonth(ctx, "2026-12", t0)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Items) != 1 {
				t.Fatalf("plan: %+v", plan)
			}
			it := plan.Items[0]
			if tc.want == "" {
				if it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "no name to sign with for sales@lumina-export.example") ||
					!strings.Contains(it.Reason, `from_name on [[mailbox]] "sales"`) {
					t.Fatalf("a letter signed by nobody: %s %q from %+v", it.Status, it.Reason, it.From)
				}
				return
			}
			if it.Status == sequences.PlanSkip || it.From.Name != tc.want || it.From.Email != salesAddr {
				t.Fatalf("letter: %s %q from %+v", it.Status, it.Reason, it.From)
			}
		})
	}
}
