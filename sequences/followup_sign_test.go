package sequences_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// A salesperson with no name in the config: the follow-up of her own mail
// takes the name that mail went out with; when it had none either, the
// step is not sent and the enrollment says what to set.
func TestFollowUpOfASalespersonWithoutANameInTheConfig(t *testing.T) {
	for _, tc := range []struct{ from, want string }{{"Lily Chen", "Lily Chen"}, {"", ""}} {
		t.Run("from "+tc.from, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), day0)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			defs, _ := sequences.LoadDefinitions("")
			set, err := templates.Load(templates.Defaults())
			if err != nil {
				t.Fatal(err)
			}
			w := &fuWorld{t: t, db: db}
			w.job = sequences.NewFollowUp(sequences.FollowUpConfig{
				Definitions: defs, Templates: set, Default: "key-customer",
				Identities: []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example"}},
				People:     map[string]string{"lily@seller.example": "lily@seller.example"},
				Signers:    []sequences.Signer{{Email: "lily@seller.example"}},
				Location:   func(keepwarm.Customer) *time.Location { return berlin },
			}, db, nil)
			q := w.msg("q-1@seller.example", keepwarm.KindOutbound, "Quotation LED panels", day0)
			q.From.Name = tc.from
			w.save("lily", "Sent", q)
			w.run(day0.Add(time.Minute))
			w.run(day0.AddDate(0, 0, 3))
			items := w.outbox()
			if tc.want == "" {
				list, err := db.ListEnrollments(ctx, 0)
				if err != nil || len(items) != 0 || len(list) != 1 || list[0].Status != keepwarm.EnrollFailed ||
					!strings.Contains(list[0].Reason, "no name to sign with for lily@seller.example: set name (and signature) on the [[salesperson]] lily@seller.example") {
					t.Fatalf("items %+v, enrollments %+v %v", items, list, err)
				}
				return
			}
			if len(items) != 1 || items[0].From.Name != tc.want || !strings.Contains(items[0].Text, "Best regards,\n"+tc.want+"\n") {
				t.Fatalf("items %+v", items)
			}
		})
	}
}
