package app

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// Hans, Lily's customer, answers her mail from his private address: a
// customer of its own, Tom's, in Lily's thread. Tom is nudged about it:
// the nudge's link opens it, and the page names Lily's customer without a
// link to its page, which is closed to Tom. Lily reads it in her thread
// with the link.
func TestMessageOfAnotherCustomerInAColleaguesThread(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db := tempDB(t, t0)
	const lily, tom = "lily@lumina-export.example", "tom@lumina-export.example"
	lilysCustomerWrites(ctx, t, db, t0, "sales", keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"})
	ans := keepwarm.Message{Key: "ans@lumina", MessageID: "ans@lumina", From: keepwarm.Address{Email: lily},
		To: []keepwarm.Address{{Email: "hans@globex.de"}}, Subject: "Re: Thanks", SubjectKey: "thanks",
		Date: t0.Add(time.Minute), Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de",
		Contacts: []keepwarm.Address{{Email: "hans@globex.de"}}, InReplyTo: []string{"q@globex.de"}, References: []string{"q@globex.de"},
		RawHeader: []byte("Message-ID: <ans@lumina>\r\n")}
	priv := keepwarm.Message{Key: "priv@gmail", MessageID: "priv@gmail", From: keepwarm.Address{Name: "Hans Meier", Email: "hans.m@gmail.com"},
		To: []keepwarm.Address{{Email: lily}}, Subject: "Re: Thanks", SubjectKey: "thanks",
		Date: t0.Add(2 * time.Minute), Kind: keepwarm.KindInbound, CustomerKey: "addr:hans.m@gmail.com",
		Contacts: []keepwarm.Address{{Email: "hans.m@gmail.com"}}, InReplyTo: []string{"ans@lumina"}, References: []string{"q@globex.de", "ans@lumina"},
		RawHeader: []byte("Message-ID: <priv@gmail>\r\n")}
	for i, m := range []keepwarm.Incoming{
		{Message: ans, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "Sent", Role: keepwarm.RoleSent, UIDValidity: 1, UID: 1, InternalDate: ans.Date}},
		{Message: priv, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: priv.Date}},
	} {
		st := keepwarm.FolderState{Mailbox: m.Copy.Mailbox, Folder: m.Copy.Folder, UIDValidity: 1, LastUID: 1, SyncedAt: t0}
		if _, err := db.SaveBatch(ctx, st, []keepwarm.Incoming{m}); err != nil {
			t.Fatal(i, err)
		}
	}
	cust, err := db.FindCustomer(ctx, "addr:hans.m@gmail.com", "")
	if err != nil {
		t.Fatal(err)
	}
	owner := tom
	if err := db.SetCustomer(ctx, cust, store.CustomerChange{Owner: &owner}, t0, "manager@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(3*time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	id := openClockOf(ctx, t, db, t0.Add(3*time.Minute), cust)
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0),
		People:        []web.Person{{Email: lily, Name: "Lily"}, {Email: tom, Name: "Tom"}},
		MailboxOwners: map[string]string{"sales": tom, "lily": lily}})
	now := t0.Add(5 * time.Minute)
	mv, err := b.Message(ctx, web.Person{Email: tom, Name: "Tom"}, id, now)
	if err != nil || !mv.NoPage || mv.Clock == nil || !mv.Clock.MayMark {
		t.Fatalf("the link of Tom's nudge: %v (no link to the thread's customer's page: %v, clock %+v)", err, mv.NoPage, mv.Clock)
	}
	if mv, err := b.Message(ctx, web.Person{Email: lily, Name: "Lily"}, id, now); err != nil || mv.NoPage {
		t.Fatalf("Lily reads the mail in her thread: %v (no link: %v)", err, mv.NoPage)
	}
}
