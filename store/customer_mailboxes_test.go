package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A buyer's mail seen first in sales@ and then, as a copy (a forward rule,
// a Cc to Tom), in Tom's own mailbox is held by both: a claim on the buyer
// waits for Tom's mailbox too, where the answer to his copy can land.
func TestCustomerMailboxesCountCopiesInOtherMailboxes(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	t1 := t0.Add(time.Hour)
	in := mail("inq@buyer", "hans@buyer.de", "inquiry LED panels", t1)
	in.CustomerKey = "domain:buyer.de"
	save(t, db, at(in, "sales", "INBOX", 1, t1))
	save(t, db, at(in, "tom", "INBOX", 7, t1))
	if n := count(t, db, `SELECT count(*) FROM message_copies mc JOIN messages m ON m.id = mc.message_id
	                       WHERE m.message_id = 'inq@buyer' AND mc.mailbox = 'tom'`); n != 1 {
		t.Fatalf("%d copies in tom's mailbox, want the buyer's mail stored once with a copy there (the case under test)", n)
	}
	var id int64
	if err := db.r.Get(&id, `SELECT customer_id FROM messages WHERE message_id = 'inq@buyer'`); err != nil {
		t.Fatal(err)
	}
	got, err := db.CustomerMailboxes(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got, "sales") || !slices.Contains(got, "tom") {
		t.Fatalf("mailboxes holding the buyer's mail: %v, want sales and tom", got)
	}
}
