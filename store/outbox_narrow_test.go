package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// NarrowOutbox changes the recipients of a queued item only: one being
// sent, or sent, keeps those it went to; an empty list is refused.
func TestNarrowOutbox(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	due := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	item := testItem("seq:1:1", due)
	item.To = []keepwarm.Address{{Name: "Bob", Email: "bob@buyer.example"}, {Name: "Eve", Email: "eve@buyer.example"}}
	item.Cc = []keepwarm.Address{{Name: "Ann", Email: "ann@buyer.example"}, {Name: "Max", Email: "max@buyer.example"}}
	it, _, err := db.Enqueue(ctx, item)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.NarrowOutbox(ctx, it.ID, nil, item.Cc); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("no recipient: %v", err)
	}
	if err := db.NarrowOutbox(ctx, it.ID, item.To[:1], item.Cc[1:]); err != nil {
		t.Fatal(err)
	}
	got, err := db.OutboxItem(ctx, it.ID)
	if err != nil || len(got.To) != 1 || got.To[0] != item.To[0] || len(got.Cc) != 1 || got.Cc[0] != item.Cc[1] || got.Status != keepwarm.OutboxQueued {
		t.Fatalf("narrowed: %+v %v", got, err)
	}
	if _, ok, err := db.Claim(ctx, it.ID, due); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.NarrowOutbox(ctx, it.ID, item.To[1:], nil); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("narrowing an item being sent: %v", err)
	}
}
