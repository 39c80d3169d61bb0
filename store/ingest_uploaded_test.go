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
		name                  string
		date, delivered, want time.Time
	}{
		{"a day in a queue", t0.Add(-24 * time.Hour), time.Time{}, t0},
		{"just under two days", t0.Add(-47 * time.Hour), time.Time{}, t0},
		{"three days before", t0.Add(-72 * time.Hour), time.Time{}, t0.Add(-72 * time.Hour)},
		{"three days before, delivered then", t0.Add(-72 * time.Hour), t0.Add(-2 * time.Minute), t0},
		{"three days before, its server's stamp an hour off", t0.Add(-72 * time.Hour), t0.Add(time.Hour), t0},
		{"three days before, only its first delivery's stamp", t0.Add(-72 * time.Hour), t0.Add(-71 * time.Hour), t0.Add(-72 * time.Hour)},
		{"Date in the future", t0.AddDate(0, 0, 3), time.Time{}, t0},
		{"Date after the upload, before now", t0.Add(30 * time.Minute), time.Time{}, t0},
		{"no Date", time.Time{}, time.Time{}, t0},
	} {
		m := keepwarm.Message{Date: c.date}
		cp := keepwarm.Copy{InternalDate: t0, DeliveredAt: c.delivered}
		if got := receivedAt(&m, &cp, now); !got.Equal(c.want) {
			t.Errorf("%s: received %s; want %s", c.name, got, c.want)
		}
	}
}

// A buyer's answer that reached the mailbox days after its Date, its
// server's Received stamp fresh, arrived when it was delivered; one with
// no fresh stamp still comes after the quotation it answers. Either way
// it is an answer after the follow-up's anchor, which stops it.
func TestLateAnswerArrivesAfterWhatItAnswers(t *testing.T) {
	for _, c := range []struct {
		name      string
		delivered time.Duration // after the quotation; 0: no fresh stamp
		date      time.Duration // the answer's Date, after the quotation
		want      time.Duration // its arrival, after the quotation
	}{
		{"delivered days late, its Date before the quotation (clock behind)", 3*24*time.Hour - time.Minute, -24 * time.Hour, 3 * 24 * time.Hour},
		{"delivered days late, written the day after (an Outbox)", 4*24*time.Hour - time.Minute, 24 * time.Hour, 4 * 24 * time.Hour},
		{"no fresh stamp, its Date before the quotation", 0, -24 * time.Hour, time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			quoteAt := t0
			quote := msg("quote-1@team.example")
			quote.Kind, quote.Date = keepwarm.KindOutbound, quoteAt
			quote.From, quote.To = keepwarm.Address{Email: "ann@team.example"}, []keepwarm.Address{{Email: "bob@acme.com"}}
			q := save(t, db, at(quote, "ann", "Sent", 1, quoteAt))
			var thread, customer int64
			if err := db.r.QueryRow(`SELECT thread_id, customer_id FROM messages WHERE id = ?`, q.NewIDs[0]).Scan(&thread, &customer); err != nil {
				t.Fatal(err)
			}

			answer := msg("answer-1@acme.com")
			answer.Subject, answer.SubjectKey = "Re: Quotation for pumps", "quotation for pumps"
			answer.Date, answer.InReplyTo, answer.References = quoteAt.Add(c.date), []string{quote.Key}, []string{quote.Key}
			in := at(answer, "ann", "INBOX", 1, quoteAt.Add(3*24*time.Hour))
			if c.delivered != 0 {
				in.Copy.InternalDate = quoteAt.Add(c.delivered + time.Minute)
				in.Copy.DeliveredAt = quoteAt.Add(c.delivered)
			}
			a := save(t, db, in)
			var got int64
			if err := db.r.Get(&got, `SELECT received_at FROM messages WHERE id = ?`, a.NewIDs[0]); err != nil {
				t.Fatal(err)
			}
			if want := quoteAt.Add(c.want); got != want.Unix() {
				t.Fatalf("the answer arrived %s; want %s", fromUnix(got), want)
			}
			e := keepwarm.Enrollment{ThreadID: thread, CustomerID: customer, AnchorID: q.NewIDs[0], AnchorAt: quoteAt,
				To: []keepwarm.Address{{Email: "bob@acme.com"}}}
			events, err := db.EnrollmentEvents(ctx, e, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 1 || events[0].ID != a.NewIDs[0] {
				t.Fatalf("events after the quotation: %+v; want the answer (message %d)", events, a.NewIDs[0])
			}
		})
	}
}

// An archive's old answer, uploaded with its first delivery's stamps only
// and answering nothing stored, still arrives at its Date.
func TestUploadedAnswerWithOldStampsArrivesAtItsDate(t *testing.T) {
	db := openTest(t)
	old := t0.AddDate(0, 0, -200)
	answer := msg("archived-answer@acme.com")
	answer.Date, answer.InReplyTo = old, []string{"never-stored@team.example"}
	in := at(answer, "ann", "INBOX", 1, t0)
	in.Copy.DeliveredAt = old.Add(2 * time.Minute)
	r := save(t, db, in)
	var got int64
	if err := db.r.Get(&got, `SELECT received_at FROM messages WHERE id = ?`, r.NewIDs[0]); err != nil {
		t.Fatal(err)
	}
	if got != old.Unix() {
		t.Fatalf("the uploaded answer arrived %s; want its Date %s", fromUnix(got), old)
	}
}

// A buyer's answer written before the first follow-up went and delivered
// days after it (an offline laptop's Outbox), its server's stamp fresh,
// waits for the salesperson from its delivery: the follow-up before it is
// no reply to it, and its nudge comes. Taken for its Date, it sat before
// the follow-up, counted as answered by it, and nobody was nudged.
func TestLateAnswerAfterAFollowUpIsNudged(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	quote := msg("quote-2@team.example")
	quote.Kind, quote.Date = keepwarm.KindOutbound, t0
	quote.From, quote.To = keepwarm.Address{Email: "ann@team.example"}, []keepwarm.Address{{Email: "bob@acme.com"}}
	step := quote
	step.Key, step.MessageID, step.Date = "step-2@team.example", "step-2@team.example", t0.AddDate(0, 0, 3)
	step.InReplyTo, step.References = []string{quote.Key}, []string{quote.Key}
	save(t, db, at(quote, "ann", "Sent", 1, quote.Date), at(step, "ann", "Sent", 2, step.Date))

	delivered := t0.AddDate(0, 0, 6)
	answer := msg("answer-2@acme.com")
	answer.Date, answer.InReplyTo, answer.References = t0.AddDate(0, 0, 2), []string{quote.Key}, []string{quote.Key}
	in := at(answer, "ann", "INBOX", 1, delivered)
	in.Copy.DeliveredAt = delivered.Add(-time.Minute)
	save(t, db, in)
	measure(t, db, delivered.Add(time.Minute))
	if c := clockOf(t, db, answer.Key); !c.StartedAt.Equal(delivered) || !c.Open() {
		t.Fatalf("the answer's clock: %+v; want open, started at its delivery %s", c, delivered)
	}
	now := delivered.Add(30 * time.Minute)
	due, err := db.DueNudges(ctx, now, 5*time.Minute, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 {
		t.Fatalf("nudges due: %+v; want the late answer's", due)
	}
}
