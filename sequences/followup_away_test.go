package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A follow-up in the name of a salesperson who is away waits until they
// are back, unless they opted in to sequences while away.
func TestFollowUpWaitsWhileTheOwnerIsAway(t *testing.T) {
	for _, optIn := range []bool{false, true} {
		w := newFUWorld(t, "A")
		defs, _ := sequences.LoadDefinitions("")
		set, err := templates.Load(templates.Defaults())
		if err != nil {
			t.Fatal(err)
		}
		back := day0.AddDate(0, 0, 5)
		away := sequences.NewAway(sequences.AwayConfig{
			Configured: []keepwarm.Absence{{Person: "lily@seller.example", From: day0.AddDate(0, 0, 2), Until: back,
				Source: keepwarm.AwayConfig}},
			Salespeople: map[string]bool{"lily@seller.example": true},
		}, w.db)
		w.job = sequences.NewFollowUp(sequences.FollowUpConfig{
			Definitions: defs, Templates: set, Default: "key-customer",
			Identities: []sequences.Identity{{Mailbox: "lily", Owner: "lily@seller.example", Email: "lily@seller.example", Name: "Lily Chen"}},
			People:     map[string]string{"lily@seller.example": "lily@seller.example"},
			Location:   func(keepwarm.Customer) *time.Location { return berlin },
			Tags:       w.db.CustomerTags,
			Away:       away, WhileAway: func(string) bool { return optIn },
		}, w.db, nil)
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
		if optIn {
			if n := len(w.outbox()); n != 1 {
				t.Fatalf("opted in: %d items while away, want the resend", n)
			}
			continue
		}
		if n := len(w.outbox()); n != 0 {
			t.Fatalf("%d item(s) while Lily is away", n)
		}
		if e := w.enrollment(); !strings.Contains(e.Reason, "is away") || e.DueAt.Before(back) {
			t.Fatalf("enrollment while away: due %s, %q", e.DueAt, e.Reason)
		}
		w.run(w.enrollment().DueAt)
		if n := len(w.outbox()); n != 1 {
			t.Fatalf("back: %d item(s), want the resend", n)
		}
	}
}
