package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// Bob's thread is Acme's (Lily's). He answers Lily's mail from his private
// address: a customer of its own, handed to Tom, in Acme's thread. Its
// clock is Tom's, who is nudged about it: it is on Tom's desk, in his
// counts, and Tom may open it; it is on Lily's desk neither (she is nudged
// about nothing). Tom may not open the rest of Lily's thread, and a third
// salesperson sees none of it.
func TestDeskListsTheClockOfAnotherCustomerInTheThread(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	lily, tom := "lily@team.example", "tom@team.example"
	save(t, db, at(msg("q@acme"), "team", "INBOX", 1, t0.Add(-time.Hour)))
	save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 1, t0.Add(-50*time.Minute)))
	priv := msg("priv@gmail")
	priv.From = keepwarm.Address{Name: "Bob", Email: "bob.m@gmail.com"}
	priv.CustomerKey, priv.Contacts = "addr:bob.m@gmail.com", []keepwarm.Address{priv.From}
	priv.InReplyTo, priv.References = []string{"ans@team"}, []string{"q@acme", "ans@team"}
	save(t, db, at(priv, "team", "INBOX", 2, t0))
	for key, owner := range map[string]string{"domain:acme.com": lily, "addr:bob.m@gmail.com": tom} {
		if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE key = ?`, owner, key); err != nil {
			t.Fatal(err)
		}
	}
	measure(t, db, t0.Add(time.Minute))
	c := clockOf(t, db, "priv@gmail")
	q := clockOf(t, db, "q@acme")
	if c.ThreadID != q.ThreadID || c.CustomerID == q.CustomerID || c.Owner != tom || !c.Open() {
		t.Fatalf("the rig: Bob's private mail's clock %+v, his first's %+v", c, q)
	}

	now := t0.Add(20 * time.Minute) // past the target
	desk := func(v Viewer) ([]int64, WaitingPage) {
		t.Helper()
		pg, err := db.DeskWaiting(ctx, v, now, now, WaitingLast, true, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, it := range pg.Items {
			ids = append(ids, it.MessageID)
		}
		return ids, pg
	}
	ids, pg := desk(Viewer{Email: tom})
	if !slices.Equal(ids, []int64{c.MessageID}) || pg.Total != 1 || pg.Late != 1 {
		t.Fatalf("Tom's desk: %v, %+v", ids, pg)
	}
	if it := pg.Items[0]; it.CustomerID != c.CustomerID || it.Owner != tom {
		t.Fatalf("Tom's desk line: %+v", it)
	}
	if ids, pg := desk(Viewer{Email: lily}); len(ids) != 0 || pg.Total != 0 {
		t.Fatalf("Lily's desk lists Tom's clock: %v, %+v", ids, pg)
	}
	if ids, pg := desk(Viewer{Email: lily, Covers: []string{tom}}); !slices.Equal(ids, []int64{c.MessageID}) || pg.Total != 1 {
		t.Fatalf("covering for Tom, Lily's desk: %v, %+v", ids, pg)
	}
	if _, err := db.VisibleMessage(ctx, Viewer{Email: tom}, c.MessageID); err != nil {
		t.Fatalf("Tom may not open the mail he is nudged about: %v", err)
	}
	if _, err := db.VisibleMessage(ctx, Viewer{Email: lily}, c.MessageID); err != nil {
		t.Fatalf("Lily may not open mail in her thread: %v", err)
	}
	for _, id := range []int64{q.MessageID, int64(count(t, db, `SELECT id FROM messages WHERE key = 'ans@team'`))} {
		if _, err := db.VisibleMessage(ctx, Viewer{Email: tom}, id); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			t.Fatalf("Tom opens Lily's mail %d: %v", id, err)
		}
	}
	other := Viewer{Email: "ann@team.example"}
	if ids, _ := desk(other); len(ids) != 0 {
		t.Fatalf("a third salesperson's desk: %v", ids)
	}
	if _, err := db.VisibleMessage(ctx, other, c.MessageID); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("a third salesperson opens Tom's mail: %v", err)
	}
}

// The team page counts what waits on each owner as the desk counts it: by
// the clock's own customer, not its thread's. Bob's private mail in Acme's
// thread waits on Tom while Acme is merged away and its thread not yet
// moved (a merge half done).
func TestOwnerLoadsCountByTheClocksCustomer(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	tom := "tom@team.example"
	save(t, db, at(msg("q@acme"), "team", "INBOX", 1, t0.Add(-time.Hour)))
	save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 1, t0.Add(-50*time.Minute)))
	priv := msg("priv@gmail")
	priv.From = keepwarm.Address{Name: "Bob", Email: "bob.m@gmail.com"}
	priv.CustomerKey, priv.Contacts = "addr:bob.m@gmail.com", []keepwarm.Address{priv.From}
	priv.InReplyTo, priv.References = []string{"ans@team"}, []string{"q@acme", "ans@team"}
	save(t, db, at(priv, "team", "INBOX", 2, t0))
	if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE key = 'addr:bob.m@gmail.com'`, tom); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(time.Minute))
	if _, err := db.w.Exec(`UPDATE customers SET merged_into = (SELECT id FROM customers WHERE key = 'addr:bob.m@gmail.com')
		WHERE key = 'domain:acme.com'`); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(20 * time.Minute)
	pg, err := db.DeskWaiting(ctx, Viewer{Email: tom}, now.Add(time.Second), now, WaitingLast, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	loads, err := db.OwnerLoads(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	got := OwnerLoad{}
	for _, l := range loads {
		if l.Owner == tom {
			got = l
		}
	}
	if pg.Total != 1 || got.Waiting != pg.Total || got.Late != pg.Late {
		t.Fatalf("Tom's load %+v, his desk %d waiting, %d late", got, pg.Total, pg.Late)
	}
}
