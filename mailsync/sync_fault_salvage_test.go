package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/zhtext"
)

// faultIn makes the reading of every message of folder panic, as a
// fault in keepwarm's own code does, until the returned func restores it.
func faultIn(folder string) (restore func()) {
	return mailsync.SetParseFault(func(f string, uid uint32) {
		if f == folder {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})
}

// ackFor is the "received" draft writer for Lily.
func ackFor(t *testing.T, db *store.DB) *sequences.Ack {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return sequences.NewAck(sequences.AckConfig{
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily", Location: time.UTC}},
		On:         func(p string) bool { return p == lilyUser },
		Templates:  func() *templates.Set { return set },
	}, db, nil)
}

// measure brings the reply clocks up to date with a one-hour target.
func measure(t *testing.T, db *store.DB, now time.Time) {
	t.Helper()
	if _, err := db.MeasureReplies(context.Background(), now, "test", func(c *keepwarm.ReplyClock) { c.Owner, c.Target = lilyUser, time.Hour }); err != nil {
		t.Fatal(err)
	}
}

// followUpJob is the follow-up job with the default sequences and
// templates, following up Lily's mail ("key-customer" by default).
func followUpJob(t *testing.T, db *store.DB) *sequences.FollowUp {
	t.Helper()
	defs, probs := sequences.LoadDefinitions("")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: lilyUser, Email: lilyUser, Name: "Lily"}},
		People:     map[string]string{lilyUser: lilyUser},
		Location:   func(keepwarm.Customer) *time.Location { return time.UTC },
		Tags:       db.CustomerTags,
	}, db, nil)
}

// followedUp is Lily's quotation to Hans (grade A), synced and followed
// up by the follow-up job, whose runs run calls.
type followedUp struct {
	srv     *mailtest.IMAPServer
	db      *store.DB
	s       *mailsync.Syncer
	cust    int64
	quoteID string
	run     func(at time.Time)
}

func followQuote(t *testing.T) followedUp {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	quoteID := "q1@" + teamDomain
	quote := "From: Lily <" + lilyUser + ">\r\nTo: Hans <hans@buyer.de>\r\nSubject: Quotation LED panels\r\nDate: " +
		t0.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + quoteID + ">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Dear Hans,\r\nplease find our quotation for 2,000 LED panels.\r\n\r\nBest regards\r\nLily\r\n"
	srv.Append(t, lilyUser, "Sent", []byte(quote), t0)
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	ctx := context.Background()
	c, err := db.ResolveCustomer(ctx, "hans@buyer.de")
	if err != nil {
		t.Fatal(err)
	}
	grade, country := "A", "DE"
	if err := db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade, Country: &country}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	job := followUpJob(t, db)
	run := func(at time.Time) {
		t.Helper()
		if _, err := job.Run(ctx, at); err != nil {
			t.Fatalf("follow-up run at %s: %v", at, err)
		}
	}
	run(t0.Add(time.Minute))
	list, err := db.ListEnrollments(ctx, c.ID)
	if err != nil || len(list) != 1 || list[0].Status != keepwarm.EnrollActive {
		t.Fatalf("enrollments %+v (%v); the test needs the quotation followed up", list, err)
	}
	return followedUp{srv: srv, db: db, s: s, cust: c.ID, quoteID: quoteID, run: run}
}

// Non-delivery reports of a followed-up quotation that meet a fault while
// they are read (Gmail's from mailer-daemon@googlemail.com, Postfix's from
// the customer's own MAILER-DAEMON) are bounces that name no address: the
// follow-up stops and waits for a person to check the address; no reply
// clock starts, no "received" draft is written to the daemon, and no
// contact is made of it. Read as the customer's answers, each ended the
// follow-up as answered by the daemon, started a reply clock nudging Lily
// to answer it, and drafted "received" To it.
func TestUnreadableBounceIsNoAnswer(t *testing.T) {
	f := followQuote(t)
	srv, db, s, quoteID, run := f.srv, f.db, f.s, f.quoteID, f.run
	ctx := context.Background()
	bouncedAt := t0.Add(time.Hour)
	dsn := func(from, id string, at time.Time) []byte {
		return []byte("From: " + from + "\r\nTo: " + lilyUser + "\r\nSubject: Delivery Status Notification (Failure)\r\n" +
			"Date: " + at.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + ">\r\nIn-Reply-To: <" + quoteID + ">\r\n" +
			"References: <" + quoteID + ">\r\nAuto-Submitted: auto-replied\r\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n" +
			"--b\r\nContent-Type: text/plain\r\n\r\nThe recipient's mailbox is full.\r\n--b--\r\n")
	}
	srv.Append(t, lilyUser, "INBOX", dsn("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "d1@mx.google.com", bouncedAt), bouncedAt)
	srv.Append(t, lilyUser, "INBOX", dsn("MAILER-DAEMON@mx.buyer.de (Mail Delivery System)", "d2@mx.buyer.de", bouncedAt.Add(time.Minute)), bouncedAt.Add(time.Minute))
	restore := faultIn("INBOX")
	syncOnce(t, s)
	restore()
	flagged, err := db.FlaggedMessages(ctx)
	if err != nil || len(flagged) != 2 {
		t.Fatalf("flagged %+v (%v); the test needs both reports met by the fault", flagged, err)
	}
	for d := 1; d <= 8; d++ {
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
	if len(list) != 1 || list[0].Status != keepwarm.EnrollFailed || len(items) != 0 {
		t.Fatalf("after the unreadable bounces: enrollments %+v, %d outbox items; want the follow-up stopped for a person to check the address, nothing queued",
			list, len(items))
	}
	measure(t, db, bouncedAt.Add(2*time.Hour))
	ack := ackFor(t, db)
	for _, f := range flagged {
		if c, err := db.ReplyClock(ctx, f.ID); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			t.Errorf("%s: reply clock %+v (%v); want none", f.Key, c, err)
		}
		item, by, err := ack.Item(ctx, keepwarm.Nudge{MessageID: f.ID, Owner: lilyUser, Mailbox: "lily", StartedAt: bouncedAt}, "", bouncedAt.Add(time.Hour))
		if err != nil || by != "" {
			t.Errorf("%s: a \"received\" draft To %+v in %q's Drafts (%v); want none", f.Key, item.To, by, err)
		}
	}
	if st := stats(t, db); st.Customers != 1 || st.Contacts != 1 {
		t.Fatalf("%d customers, %d contacts; want only the buyer and Hans (no mail daemon)", st.Customers, st.Contacts)
	}
}

// An out-of-office answer to the followed-up quotation that meets a fault
// while it is read, told by its Auto-Submitted, is an automatic answer with
// no return date: the follow-up pauses, and no reply clock starts. Read as
// the buyer's answer, it ended the follow-up as answered and nudged Lily
// to answer an autoresponder.
func TestUnreadableOutOfOfficeIsNoAnswer(t *testing.T) {
	f := followQuote(t)
	at := t0.Add(time.Hour)
	f.srv.Append(t, lilyUser, "INBOX", []byte("From: Hans <hans@buyer.de>\r\nTo: "+lilyUser+"\r\nSubject: Automatic reply: Quotation LED panels\r\n"+
		"Date: "+at.Format(time.RFC1123Z)+"\r\nMessage-ID: <o1@buyer.de>\r\nIn-Reply-To: <"+f.quoteID+">\r\n"+
		"Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI am out of the office.\r\n"), at)
	restore := faultIn("INBOX")
	syncOnce(t, f.s)
	restore()
	ctx := context.Background()
	flagged, err := f.db.FlaggedMessages(ctx)
	if err != nil || len(flagged) != 1 {
		t.Fatalf("flagged %+v (%v); the test needs the answer met by the fault", flagged, err)
	}
	f.run(at.Add(time.Minute))
	list, err := f.db.ListEnrollments(ctx, f.cust)
	if err != nil || len(list) != 1 || list[0].Status != keepwarm.EnrollPaused {
		t.Fatalf("enrollments %+v (%v); want the follow-up paused", list, err)
	}
	measure(t, f.db, at.Add(2*time.Hour))
	if c, err := f.db.ReplyClock(ctx, flagged[0].ID); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("reply clock %+v (%v); want none", c, err)
	}
}

// Lily's answer from Sent to a buyer's inquiry that meets a fault while it
// is read still answers it: the inquiry's reply clock stops at it, no
// nudge is due, and the answer, whose text nobody read, is not followed
// up. Stored as internal mail, it left the inquiry unanswered: Lily and her
// manager were nudged, and a "received" draft waited in her Drafts.
func TestUnreadableSentAnswerAnswers(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	inquiry := "From: Hans <hans@buyer.de>\r\nTo: Lily <" + lilyUser + ">\r\nSubject: Quotation request LED panels\r\nDate: " +
		t0.Format(time.RFC1123Z) + "\r\nMessage-ID: <i1@buyer.de>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Dear Lily,\r\nplease quote 2,000 LED panels.\r\n"
	srv.Append(t, lilyUser, "INBOX", []byte(inquiry), t0)
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	ctx := context.Background()
	c, err := db.ResolveCustomer(ctx, "hans@buyer.de")
	if err != nil {
		t.Fatal(err)
	}
	grade := "A"
	if err := db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	answeredAt := t0.Add(30 * time.Minute)
	answer := "From: Lily <" + lilyUser + ">\r\nTo: Hans <hans@buyer.de>\r\nSubject: Re: Quotation request LED panels\r\nDate: " +
		answeredAt.Format(time.RFC1123Z) + "\r\nMessage-ID: <r1@" + teamDomain + ">\r\nIn-Reply-To: <i1@buyer.de>\r\n" +
		"References: <i1@buyer.de>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear Hans,\r\nour quotation: USD 12.40 a panel.\r\n"
	srv.Append(t, lilyUser, "Sent", []byte(answer), answeredAt)
	restore := faultIn("Sent")
	syncOnce(t, s)
	restore()
	flagged, err := db.FlaggedMessages(ctx)
	if err != nil || len(flagged) != 1 {
		t.Fatalf("flagged %+v (%v); the test needs the answer met by the fault", flagged, err)
	}
	now := t0.Add(2 * time.Hour)
	measure(t, db, now)
	clock, err := db.ReplyClock(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !clock.RepliedAt.Equal(answeredAt) || clock.ReplyID != flagged[0].ID {
		t.Fatalf("the inquiry's clock %+v; want it answered at %s by message %d", clock, answeredAt, flagged[0].ID)
	}
	if due, err := db.DueNudges(ctx, now, 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
		t.Fatalf("nudges due %+v (%v); want none", due, err)
	}
	job := followUpJob(t, db)
	if _, err := job.Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	if list, err := db.ListEnrollments(ctx, c.ID); err != nil || len(list) != 0 {
		t.Fatalf("enrollments %+v (%v); want the unread answer not followed up", list, err)
	}
	// The digest lists it among the mails not followed up, saying why, in
	// Chinese too.
	skips, err := db.FollowUpSkips(ctx, 0, t0.Add(-time.Hour))
	if err != nil || len(skips) != 1 || skips[0].MessageID != flagged[0].ID || !strings.Contains(skips[0].Detail, "could not be read") {
		t.Fatalf("skips %+v (%v); want the unread answer, saying its text could not be read", skips, err)
	}
	if zh := zhtext.Err(skips[0].Detail); zh == skips[0].Detail {
		t.Errorf("%q has no Chinese", zh)
	}
}

// A buyer's mail without a Message-ID that meets a fault while it is read
// in two team mailboxes is one message with a copy in each, as it is when
// it is read: keyed per mailbox and folder, it was two flagged inbound
// messages, each with its own reply clock.
func TestUnreadableMailWithoutMessageIDIsOneMessage(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tomUser := "tom@" + teamDomain
	srv.AddUser(t, lilyUser, password)
	srv.AddUser(t, tomUser, password)
	mail := []byte("From: Hans <hans@buyer.de>\r\nTo: Lily <" + lilyUser + ">\r\nCc: Tom <" + tomUser + ">\r\n" +
		"Subject: Inquiry LED panels\r\nDate: " + t0.Format(time.RFC1123Z) + "\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nPlease quote 2,000 LED panels.\r\n")
	srv.Append(t, lilyUser, "INBOX", mail, t0)
	srv.Append(t, tomUser, "INBOX", mail, t0.Add(time.Second))
	db := newStore(t)
	defer faultIn("INBOX")()
	for _, mb := range []struct{ name, user string }{{"lily", lilyUser}, {"tom", tomUser}} {
		s := mailsync.NewSyncer(mailboxConfig(srv, mb.name, mb.user), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)
	}
	if st := stats(t, db); st.Messages != 1 || st.Copies["lily"] != 1 || st.Copies["tom"] != 1 {
		t.Fatalf("%d messages, copies %v; want one message with a copy in each mailbox", st.Messages, st.Copies)
	}
}
