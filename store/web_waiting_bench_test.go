package store

import (
	"context"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// BenchmarkDeskWaiting reads the desk's waiting list of the salesperson
// with the most open clocks after a first sync of a realistic history
// (KEEPWARM_DESK_N messages, 100,000 by default): "one-by-one" as the desk
// read it before DeskWaiting (every open clock, then the message, the
// clock and the customer of each), "first-page" and "middle-page" as it
// reads now (a page of 25 and the counts).
func BenchmarkDeskWaiting(b *testing.B) {
	ctx := context.Background()
	n := mailtest.EnvInt(b, "KEEPWARM_DESK_N", 100_000)
	db := openTest(b)
	start := time.Now()
	now := saveHistory(b, db, n)
	if _, err := db.MeasureReplies(ctx, now, "bench", testJudge); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d messages stored and measured in %s", n, time.Since(start).Round(time.Second))
	var owner string
	if err := db.r.GetContext(ctx, &owner, `SELECT owner FROM reply_clocks WHERE replied_at IS NULL AND covered_by IS NULL
		GROUP BY owner ORDER BY count(*) DESC LIMIT 1`); err != nil {
		b.Fatal(err)
	}
	v, until := Viewer{Email: owner}, now.Add(time.Second)
	all, _ := deskOneByOne(b, db, v, until, now)
	if len(all) < 100 {
		b.Fatalf("%s has %d waiting", owner, len(all))
	}
	b.Run("one-by-one", func(b *testing.B) {
		var got []WaitingItem
		for b.Loop() {
			got, _ = deskOneByOne(b, db, v, until, now)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/desk")
		b.ReportMetric(float64(len(got)), "rows")
	})
	for _, c := range []struct {
		name string
		key  WaitingKey
	}{{"first-page", WaitingLast}, {"middle-page", all[len(all)/2].Key()}} {
		b.Run(c.name, func(b *testing.B) {
			var pg WaitingPage
			var err error
			for b.Loop() {
				if pg, err = db.DeskWaiting(ctx, v, until, now, c.key, true, 25); err != nil {
					b.Fatal(err)
				}
			}
			if pg.Total != len(all) || len(pg.Items) != 25 {
				b.Fatalf("a page of %d of %d, want 25 of %d", len(pg.Items), pg.Total, len(all))
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/desk")
			b.ReportMetric(float64(pg.Total), "rows")
		})
	}
}
