package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// A customer opted out as a whole by an answer, merged into one that was
// not, keeps who asked and the answer that asked: the survivor's page
// names them, and a Sent copy that makes that answer the team's own can
// still find the opt-out it recorded.
func TestMergeCarriesWhoOptedTheCompanyOut(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	keep, drop := bookPair(t, db, "")
	const why = "hans@acme.de asked for the whole company in an answer to a follow-up"
	if err := db.OptOut(ctx, keepwarm.OptOut{Email: "hans@acme.de", MessageID: 77, Reason: "answer with opt-out wording",
		CustomerID: drop, CompanyReason: why}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeCustomers(ctx, keep, drop, t0.Add(time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	c, err := db.Customer(ctx, keep)
	if err != nil {
		t.Fatal(err)
	}
	var msg int64
	if err := db.r.GetContext(ctx, &msg, `SELECT opt_out_message FROM customers WHERE id = ?`, keep); err != nil {
		t.Fatal(err)
	}
	if c.OptedOutAt == nil || c.OptOutReason != why || msg != 77 {
		t.Fatalf("kept customer: opted out %v, reason %q, message %d; want the dropped one's", c.OptedOutAt, c.OptOutReason, msg)
	}
	// The answer turns out to be the team's own mail: its opt-out goes.
	if _, err := db.w.ExecContext(ctx, q("ingest-drop-message-company-opt-out"), 77); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Customer(ctx, keep); c.OptedOutAt != nil || c.OptOutReason != "" {
		t.Fatalf("kept customer after its answer became the team's: opted out %v, reason %q", c.OptedOutAt, c.OptOutReason)
	}
}
