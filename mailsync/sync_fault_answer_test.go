package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A buyer's answer to a quotation that meets a fault in keepwarm while it
// is read is stored flagged, but as what its header says: under its
// Message-ID, in the quotation's thread, inbound from the customer. It is
// an answer after the quotation, which stops its follow-up and starts its
// reply clock. Stored as a placeholder with no sender and a thread of its
// own, it stopped nothing and the follow-up went out after the answer. A
// stranger's mail that meets the fault makes no customer; one whose
// sender cannot be read stays a placeholder.
func TestUnreadableAnswerIsAnAnswerInItsThread(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	mail := func(from, to, subject, id, extra string, date time.Time) []byte {
		return []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + date.Format(time.RFC1123Z) +
			"\r\nMessage-ID: <" + id + ">\r\n" + extra + "Content-Type: text/plain; charset=utf-8\r\n\r\nText.\r\n")
	}
	quoteID := "q1@" + teamDomain
	srv.Append(t, lilyUser, "Sent", mail("Lily <"+lilyUser+">", "Hans <hans@buyer.de>", "Quotation LED panels", quoteID, "", t0), t0)
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)

	answeredAt := t0.Add(24 * time.Hour)
	srv.Append(t, lilyUser, "INBOX", mail("Hans <hans@buyer.de>", "Lily <"+lilyUser+">", "Re: Quotation LED panels", "a1@buyer.de",
		"In-Reply-To: <"+quoteID+">\r\nReferences: <"+quoteID+">\r\n", answeredAt), answeredAt)
	srv.Append(t, lilyUser, "INBOX", mail("Hans <hans.m@gmail.com>", "Lily <"+lilyUser+">", "Re: Quotation LED panels", "p1@gmail.com",
		"In-Reply-To: <"+quoteID+">\r\nReferences: <"+quoteID+">\r\n", answeredAt.Add(time.Hour)), answeredAt.Add(time.Hour))
	srv.Append(t, lilyUser, "INBOX", mail("Sam <sam@stranger.example>", "Lily <"+lilyUser+">", "Cheap SEO", "s1@stranger.example", "", answeredAt), answeredAt)
	srv.Append(t, lilyUser, "INBOX", []byte("Subject: no sender\r\n\r\nText.\r\n"), answeredAt)
	defer mailsync.SetParseFault(func(folder string, uid uint32) {
		if folder == "INBOX" {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})()
	syncOnce(t, s)

	ctx := context.Background()
	flagged, err := db.FlaggedMessages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	ids := map[string]int64{}
	for _, f := range flagged {
		if !strings.Contains(f.ParseError, "a fault in keepwarm while reading it") || f.Mailbox != "lily" {
			t.Errorf("flagged %+v; want a fault in keepwarm, in lily's mailbox", f)
		}
		keys = append(keys, f.Key)
		ids[f.Key] = f.ID
	}
	if len(flagged) != 4 || ids["a1@buyer.de"] == 0 || ids["p1@gmail.com"] == 0 || ids["s1@stranger.example"] == 0 ||
		!strings.HasPrefix(keys[3], "unreadable:lily/INBOX/") {
		t.Fatalf("flagged %v; want the answers and the stranger's mail under their Message-IDs, and a placeholder", keys)
	}
	answerID := ids["a1@buyer.de"]
	q, err := db.GetMessage(ctx, 1)
	if err != nil || q.Key != quoteID {
		t.Fatalf("message 1 is %q (%v); the test needs the quotation", q.Key, err)
	}
	a, err := db.GetMessage(ctx, answerID)
	if err != nil {
		t.Fatal(err)
	}
	if a.ThreadID != q.ThreadID || a.Kind != keepwarm.KindInbound || a.CustomerID != q.CustomerID || a.From.Email != "hans@buyer.de" {
		t.Fatalf("the unreadable answer: thread %d, %s from %q, customer %d; want thread %d, inbound from hans@buyer.de, customer %d",
			a.ThreadID, a.Kind, a.From.Email, a.CustomerID, q.ThreadID, q.CustomerID)
	}
	// From the buyer's private address, in the quotation's thread: the
	// buyer's answer too, though the address is no contact of theirs.
	p, err := db.GetMessage(ctx, ids["p1@gmail.com"])
	if err != nil {
		t.Fatal(err)
	}
	if p.ThreadID != q.ThreadID || p.Kind != keepwarm.KindInbound || p.CustomerID != q.CustomerID {
		t.Fatalf("the unreadable answer from a private address: thread %d, %s, customer %d; want thread %d, inbound, customer %d",
			p.ThreadID, p.Kind, p.CustomerID, q.ThreadID, q.CustomerID)
	}
	if st := stats(t, db); st.Customers != 1 || st.Contacts != 1 {
		t.Fatalf("%d customers, %d contacts; want only the buyer and Hans (unreadable mail makes none)", st.Customers, st.Contacts)
	}
	e := keepwarm.Enrollment{ThreadID: q.ThreadID, CustomerID: q.CustomerID, AnchorID: q.ID, AnchorAt: t0,
		To: []keepwarm.Address{{Email: "hans@buyer.de"}}}
	events, err := db.EnrollmentEvents(ctx, e, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].ID != answerID || events[0].Kind != keepwarm.KindInbound {
		t.Fatalf("events after the quotation: %+v; want the unreadable answers (first message %d), inbound", events, answerID)
	}
	// Nothing of it was read: no "received" draft answers it blind.
	item, by, err := ackFor(t, db).Item(ctx, keepwarm.Nudge{MessageID: answerID, Owner: lilyUser, Mailbox: "lily", StartedAt: answeredAt},
		"", answeredAt.Add(time.Hour))
	if err != nil || by != "" {
		t.Fatalf("a \"received\" draft To %+v in %q's Drafts for the unreadable answer (%v); want none", item.To, by, err)
	}
}

// End to end: the quotation is followed up, and the buyer's answer that
// meets a fault in keepwarm while it is read ends the follow-up as
// answered before its first step: no step goes out after the answer.
func TestUnreadableAnswerStopsTheFollowUp(t *testing.T) {
	f := followQuote(t)
	srv, db, s, quoteID, run := f.srv, f.db, f.s, f.quoteID, f.run
	ctx := context.Background()
	answeredAt := t0.Add(24 * time.Hour)
	srv.Append(t, lilyUser, "INBOX", []byte("From: Hans <hans@buyer.de>\r\nTo: Lily <"+lilyUser+">\r\nSubject: Re: Quotation LED panels\r\n"+
		"Date: "+answeredAt.Format(time.RFC1123Z)+"\r\nMessage-ID: <a1@buyer.de>\r\nIn-Reply-To: <"+quoteID+">\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Lily,\r\nwe order.\r\n"), answeredAt)
	defer faultIn("INBOX")()
	syncOnce(t, s)
	for d := 2; d <= 8; d++ {
		run(t0.AddDate(0, 0, d))
	}
	list, err := db.ListEnrollments(ctx, f.cust)
	if err != nil {
		t.Fatal(err)
	}
	items, err := db.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Status != keepwarm.EnrollReplied || list[0].Reason != "answered by hans@buyer.de" || len(items) != 0 {
		t.Fatalf("after the unreadable answer: enrollments %+v, %d outbox items; want answered by hans@buyer.de, nothing queued", list, len(items))
	}
}
