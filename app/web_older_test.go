package app

import (
	"context"
	"testing"
	"time"

	"keepwarm/web"
)

// The replies report's "still waiting from before" is the weekly
// summary's for a manager (one read, one rule of what is late), and a
// salesperson's own alone: Tom's customer's mail from before the period,
// still waiting past its target, is on Tom's report and the manager's,
// not on Lily's.
func TestReportOlderWaitingIsTheSummarysAndTheOwners(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	const lily, tom, mgr = "lily@lumina-export.example", "tom@lumina-export.example", "manager@lumina-export.example"
	b, db, id, _, _ := colleaguesThreadRig(t, t0, tom)
	now := t0.Add(90 * 24 * time.Hour)
	for _, c := range []struct {
		p    web.Person
		want int
	}{{web.Person{Email: mgr, Name: "Manager", Manager: true}, 1}, {web.Person{Email: tom, Name: "Tom"}, 1}, {web.Person{Email: lily, Name: "Lily"}, 0}} {
		r, err := b.Report(ctx, c.p, "replies", now)
		if err != nil {
			t.Fatal(err)
		}
		if r.OlderCount != c.want || len(r.Older) != c.want || c.want > 0 && r.Older[0].MessageID != id {
			t.Fatalf("%s: %d older waiting %+v, want %d (message %d)", c.p.Email, r.OlderCount, r.Older, c.want, id)
		}
		if !c.p.Manager {
			continue
		}
		sum, total, err := (&digestSource{db: db}).OlderWaiting(ctx, r.Since, now, web.OlderShown)
		if err != nil {
			t.Fatal(err)
		}
		if total != r.OlderCount || len(sum) != len(r.Older) || sum[0].MessageID != r.Older[0].MessageID {
			t.Fatalf("the summary's %d of %d %+v, the report's %d of %d", len(sum), total, sum, len(r.Older), r.OlderCount)
		}
	}
}
