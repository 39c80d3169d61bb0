package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// SentBetween returns the period's sent and drafted items of the origin
// only, in the order they went: the digest reads a day's, not every
// follow-up ever sent with its text.
func TestSentBetweenReadsThePeriodOnly(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	send := func(key string, at time.Time, draft bool) {
		t.Helper()
		it, _, err := db.Enqueue(ctx, testItem(key, at))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClaimItems(ctx, []int64{it.ID}, at); err != nil {
			t.Fatal(err)
		}
		mark := db.MarkSent
		if draft {
			mark = db.MarkDrafted
		}
		if err := mark(ctx, it.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	send("seq:1:1", day.Add(-time.Minute), false) // the day before
	send("seq:2:1", day.Add(9*time.Hour), false)
	send("seq:3:1", day.Add(8*time.Hour), true)
	send("seq:4:1", day.Add(24*time.Hour), false)                                             // the next day
	if _, _, err := db.Enqueue(ctx, testItem("seq:5:1", day.Add(10*time.Hour))); err != nil { // still queued
		t.Fatal(err)
	}
	got, err := db.SentBetween(ctx, "sequence", day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Key != "seq:3:1" || got[0].Status != keepwarm.OutboxDrafted || got[1].Key != "seq:2:1" || got[1].Status != keepwarm.OutboxSent {
		t.Fatalf("sent between: %+v", got)
	}
	if other, err := db.SentBetween(ctx, "greeting", day, day.Add(24*time.Hour)); err != nil || len(other) != 0 {
		t.Fatalf("another origin: %d, %v", len(other), err)
	}
}
