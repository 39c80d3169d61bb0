package store

import (
	"context"
	"reflect"
	"testing"
)

// GetMessages and CustomersForSequence give, for every id, what
// GetMessage and CustomerForSequence give; a missing id is left out.
func TestReadsOfManyEqualReadsOfOne(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	saveHistory(t, db, 600)
	var ids, custIDs []int64
	if err := db.r.SelectContext(ctx, &ids, "SELECT id FROM messages ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	if err := db.r.SelectContext(ctx, &custIDs, "SELECT id FROM customers ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	if len(ids) < 500 || len(custIDs) < 10 {
		t.Fatalf("%d messages, %d customers", len(ids), len(custIDs))
	}
	msgs, err := db.GetMessages(ctx, append(ids, 1<<40))
	if err != nil {
		t.Fatal(err)
	}
	withContacts := 0
	for _, id := range ids {
		want, err := db.GetMessage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := msgs[id]; !reflect.DeepEqual(got, want) {
			t.Fatalf("message %d:\nmany: %+v\none:  %+v", id, got, want)
		}
		if len(want.Contacts) > 0 {
			withContacts++
		}
	}
	if len(msgs) != len(ids) || withContacts == 0 {
		t.Fatalf("%d messages for %d ids (and one missing); %d with contacts", len(msgs), len(ids), withContacts)
	}
	custs, err := db.CustomersForSequence(ctx, append(custIDs, 1<<40))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range custIDs {
		want, err := db.CustomerForSequence(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := custs[id]; !reflect.DeepEqual(got, want) {
			t.Fatalf("customer %d:\nmany: %+v\none:  %+v", id, got, want)
		}
	}
	if len(custs) != len(custIDs) {
		t.Fatalf("%d customers for %d ids", len(custs), len(custIDs))
	}
}
