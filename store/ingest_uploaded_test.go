package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// Old mail dragged from a local archive into an IMAP folder gets the upload
// as its INTERNALDATE; its Date is when it arrived.
func TestUploadedOldMailArrivesAtItsDate(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	uploadedAt := t0
	old := t0.AddDate(0, 0, -400)

	quote := msg("old-quote@team.example")
	quote.Kind, quote.Date = keepwarm.KindOutbound, old
	quote.From, quote.To = keepwarm.Address{Email: "ann@team.example"}, []keepwarm.Address{{Email: "bob@acme.com"}}
	r := save(t, db, at(quote, "ann", "Sent", 1, uploadedAt))
	var received, internal int64
	if err := db.r.Get(&received, `SELECT received_at FROM messages WHERE id = ?`, r.NewIDs[0]); err != nil {
		t.Fatal(err)
	}
	if received != old.Unix() {
		t.Fatalf("received_at %s; want the Date %s", time.Unix(received, 0).UTC(), old)
	}
	if err := db.r.Get(&internal, `SELECT internal_date FROM message_copies WHERE message_id = ?`, r.NewIDs[0]); err != nil {
		t.Fatal(err)
	}
	if internal != uploadedAt.Unix() {
		t.Fatalf("the copy's INTERNALDATE %s; want the upload %s", time.Unix(internal, 0).UTC(), uploadedAt)
	}

	// The customer's old mail uploaded to the inbox starts no clock that
	// nudges: it is history, as a first sync's would be.
	question := msg("old-question@acme.com")
	question.Date = old.Add(time.Hour)
	r = save(t, db, at(question, "team", "INBOX", 1, uploadedAt.Add(time.Minute)))
	measure(t, db, uploadedAt.Add(2*time.Minute))
	c := clockOf(t, db, "old-question@acme.com")
	if !c.StartedAt.Equal(question.Date) {
		t.Fatalf("clock started %s; want the Date %s", c.StartedAt, question.Date)
	}
	now := uploadedAt.Add(30 * time.Minute)
	due, err := db.DueNudges(ctx, now, 5*time.Minute, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 0 {
		t.Fatalf("nudges due for uploaded old mail: %+v", due)
	}
}

// Mail delivered late, or with a Date in the future, arrives when its
// folder got it.
func TestReceivedAtIsInternalDateUnlessUploaded(t *testing.T) {
	now := t0.Add(time.Hour)
	for _, c := range []struct {
		name       string
		date, want time.Time
	}{
		{"a day in a queue", t0.Add(-24 * time.Hour), t0},
		{"just under two days", t0.Add(-47 * time.Hour), t0},
		{"three days before", t0.Add(-72 * time.Hour), t0.Add(-72 * time.Hour)},
		{"Date in the future", t0.AddDate(0, 0, 3), t0},
		{"Date after the upload, before now", t0.Add(30 * time.Minute), t0},
		{"no Date", time.Time{}, t0},
	} {
		m := keepwarm.Message{Date: c.date}
		cp := keepwarm.Copy{InternalDate: t0}
		if got := receivedAt(&m, &cp, now); !got.Equal(c.want) {
			t.Errorf("%s: received %s; want %s", c.name, got, c.want)
		}
	}
}
