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

// Undoing that merge takes the opt-out back off the kept customer with who
// asked and the answer that asked: a later opt-out by hand of the kept
// customer does not show the other one's reason, and a Sent copy of that
// answer finds no opt-out of the kept customer to undo.
func TestUnmergeTakesBackWhoOptedTheCompanyOut(t *testing.T) {
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
	if _, err := db.UnmergeCustomer(ctx, drop, t0.Add(2*time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		At     *int64 `db:"opted_out_at"`
		Msg    int64  `db:"opt_out_message"`
		Reason string `db:"opt_out_reason"`
	}
	if err := db.r.GetContext(ctx, &got, `SELECT opted_out_at, opt_out_message, opt_out_reason FROM customers WHERE id = ?`, keep); err != nil {
		t.Fatal(err)
	}
	if got.At != nil || got.Msg != 0 || got.Reason != "" {
		t.Fatalf("kept customer after the unmerge: %+v, want no opt-out, no message, no reason", got)
	}
	if err := db.r.GetContext(ctx, &got, `SELECT opted_out_at, opt_out_message, opt_out_reason FROM customers WHERE id = ?`, drop); err != nil {
		t.Fatal(err)
	}
	if got.At == nil || got.Msg != 77 || got.Reason != why {
		t.Fatalf("restored customer after the unmerge: %+v, want its own opt-out", got)
	}
}
