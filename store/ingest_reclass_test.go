package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// aliasTeam knows team.example; Tom's second brand, brand-alias.example,
// is not a team domain.
var aliasTeam = parse.NewTeam([]string{"team.example"}, nil, []string{"gmail.com"})

// aliasMail is Tom's mail from his alias to a buyer at Globex, with Cc to
// the team mailbox, as the copy in folder role reads it.
func aliasMail(t *testing.T, id, subject string, role keepwarm.FolderRole) keepwarm.Message {
	t.Helper()
	header := "From: Tom <tom@brand-alias.example>\r\nTo: Buyer <buyer@globex.example>\r\nCc: team@team.example\r\n" +
		"Subject: " + subject + "\r\nDate: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <" + id + ">\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "Dear buyer,\r\nplease find our offer for the pumps.\r\n"
	m := aliasTeam.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), role)
	if m.ParseError != "" {
		t.Fatal(m.ParseError)
	}
	return m
}

func TestSentCopyMakesAliasMailTheTeams(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	inbox := aliasMail(t, "offer-1@brand-alias.example", "Offer for pumps", keepwarm.RoleInbox)
	if inbox.Kind != keepwarm.KindInbound || inbox.CustomerKey != "domain:brand-alias.example" {
		t.Fatalf("INBOX copy classified %s %s; the test needs inbound from the alias", inbox.Kind, inbox.CustomerKey)
	}
	// The team INBOX (IDLE) stores it first; Tom's Sent is polled later.
	r1 := save(t, db, at(inbox, "team", "INBOX", 1, t0.Add(time.Second)))
	id := r1.NewIDs[0]
	if _, err := db.MeasureReplies(ctx, t0.Add(time.Minute), "test", testJudge); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM reply_clocks WHERE message_id = ?`, id); n != 1 {
		t.Fatalf("clocks of the inbound copy = %d; want 1 (the bug this test is about)", n)
	}

	sent := aliasMail(t, "offer-1@brand-alias.example", "Offer for pumps", keepwarm.RoleSent)
	r2 := save(t, db, at(sent, "tom", "Sent", 1, t0))
	if r2.New != 0 || r2.Copies != 1 {
		t.Fatalf("Sent copy saved as %+v; want one copy", r2)
	}

	got, err := db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != keepwarm.KindOutbound || got.CustomerKey != "domain:globex.example" {
		t.Fatalf("message is %s of %q; want outbound of domain:globex.example", got.Kind, got.CustomerKey)
	}
	if got.Text == "" {
		t.Fatal("the outbound message keeps no text for a follow-up to quote")
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:brand-alias.example'`); n != 0 {
		t.Fatalf("the customer made of the alias is still there (%d)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'tom@brand-alias.example'`); n != 0 {
		t.Fatal("the alias is still a contact")
	}
	if n := count(t, db, `SELECT count(*) FROM message_contacts mc JOIN contacts c ON c.id = mc.contact_id
		WHERE mc.message_id = ? AND c.email = 'buyer@globex.example'`, id); n != 1 {
		t.Fatal("the buyer is not a contact of the message")
	}
	if n := count(t, db, `SELECT count(*) FROM threads t JOIN customers c ON c.id = t.customer_id
		WHERE t.id = ? AND c.key = 'domain:globex.example'`, got.ThreadID); n != 1 {
		t.Fatal("the thread is not Globex's")
	}
	if n := count(t, db, `SELECT count(*) FROM reply_dirty WHERE thread_id = ?`, got.ThreadID); n != 1 {
		t.Fatal("the thread is not marked for the reply clock")
	}
	if _, err := db.MeasureReplies(ctx, t0.Add(2*time.Minute), "test", testJudge); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM reply_clocks`); n != 0 {
		t.Fatalf("reply clocks = %d; Tom's own mail must start none", n)
	}

	// Globex's answer joins the thread as Globex's inbound mail.
	answer := msg("answer-1@globex.example")
	answer.From = keepwarm.Address{Email: "buyer@globex.example"}
	answer.CustomerKey, answer.Contacts = "domain:globex.example", []keepwarm.Address{{Email: "buyer@globex.example"}}
	answer.InReplyTo = []string{"offer-1@brand-alias.example"}
	r3 := save(t, db, at(answer, "team", "INBOX", 2, t0.Add(time.Hour)))
	a, err := db.GetMessage(ctx, r3.NewIDs[0])
	if err != nil || a.ThreadID != got.ThreadID {
		t.Fatalf("answer in thread %d (%v); want %d", a.ThreadID, err, got.ThreadID)
	}
}

// A customer made of the alias that has other mail stays: only this
// message leaves it.
func TestSentCopyKeepsAliasCustomerWithOtherMail(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	other := aliasMail(t, "older@brand-alias.example", "Something else", keepwarm.RoleInbox)
	save(t, db, at(other, "team", "INBOX", 1, t0.Add(-time.Hour)))
	inbox := aliasMail(t, "offer-2@brand-alias.example", "Offer for pumps", keepwarm.RoleInbox)
	r := save(t, db, at(inbox, "team", "INBOX", 2, t0.Add(time.Second)))
	save(t, db, at(aliasMail(t, "offer-2@brand-alias.example", "Offer for pumps", keepwarm.RoleSent), "tom", "Sent", 1, t0))

	got, err := db.GetMessage(ctx, r.NewIDs[0])
	if err != nil || got.Kind != keepwarm.KindOutbound || got.CustomerKey != "domain:globex.example" {
		t.Fatalf("message = %s of %q (%v); want outbound of Globex", got.Kind, got.CustomerKey, err)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:brand-alias.example'`); n != 1 {
		t.Fatal("a customer with other mail was removed")
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'tom@brand-alias.example'`); n != 1 {
		t.Fatal("a contact on other mail was removed")
	}
}

// The other order (Sent first) and a Sent copy of mail stored right change
// nothing.
func TestSentCopyOfOutboundChangesNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	sent := aliasMail(t, "offer-3@brand-alias.example", "Offer for pumps", keepwarm.RoleSent)
	r := save(t, db, at(sent, "tom", "Sent", 1, t0))
	save(t, db, at(aliasMail(t, "offer-3@brand-alias.example", "Offer for pumps", keepwarm.RoleInbox), "team", "INBOX", 1, t0.Add(time.Second)))
	got, err := db.GetMessage(ctx, r.NewIDs[0])
	if err != nil || got.Kind != keepwarm.KindOutbound || got.CustomerKey != "domain:globex.example" {
		t.Fatalf("message = %s of %q (%v); want outbound of Globex", got.Kind, got.CustomerKey, err)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:brand-alias.example'`); n != 0 {
		t.Fatal("the INBOX copy made a customer of the alias")
	}
}

// A customer made of the alias that someone graded stays for a person to
// merge or leave; the message is the team's all the same.
func TestSentCopyKeepsAliasCustomerAPersonTouched(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	r := save(t, db, at(aliasMail(t, "offer-4@brand-alias.example", "Offer for pumps", keepwarm.RoleInbox), "team", "INBOX", 1, t0.Add(time.Second)))
	bogus := count(t, db, `SELECT id FROM customers WHERE key = 'domain:brand-alias.example'`)
	grade := "B"
	if err := db.SetCustomer(ctx, int64(bogus), CustomerChange{Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	save(t, db, at(aliasMail(t, "offer-4@brand-alias.example", "Offer for pumps", keepwarm.RoleSent), "tom", "Sent", 1, t0))
	got, err := db.GetMessage(ctx, r.NewIDs[0])
	if err != nil || got.Kind != keepwarm.KindOutbound || got.CustomerKey != "domain:globex.example" {
		t.Fatalf("message = %s of %q (%v); want outbound of Globex", got.Kind, got.CustomerKey, err)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE id = ?`, bogus); n != 1 {
		t.Fatal("a graded customer was removed")
	}
}
