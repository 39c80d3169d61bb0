package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
	"keepwarm/web"
)

// Lily left before her customers were handed on. Hans, one of them, writes
// to sales@, Tom's mailbox: the reply nudges go to Tom (the receiving
// mailbox's owner stands in), so Tom opens the mail from the nudge's link,
// finds it on his desk ("covering for" Lily) and may mark it "no answer
// needed". Anna, who owns no mailbox Lily's customers wrote to, still
// cannot read it, and Tom gets none of Lily's calls.
func TestStandInForAnOwnerWhoLeftReadsAndMarksTheMail(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const lily, tom, anna = "lily@lumina-export.example", "tom@lumina-export.example", "anna@lumina-export.example"
	hans := keepwarm.Address{Name: "Hans Meier", Email: "hans@globex.de"}
	m := keepwarm.Message{Key: "q@globex.de", MessageID: "q@globex.de", From: hans,
		To: []keepwarm.Address{{Email: "sales@lumina-export.example"}}, Subject: "Thanks", SubjectKey: "thanks",
		Date: t0, Kind: keepwarm.KindInbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans},
		RawHeader: []byte("Message-ID: <q@globex.de>\r\n")}
	st := keepwarm.FolderState{Mailbox: "sales", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: t0}
	if _, err := db.SaveBatch(ctx, st, []keepwarm.Incoming{{Message: m, Copy: keepwarm.Copy{
		Mailbox: "sales", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: t0}}}); err != nil {
		t.Fatal(err)
	}
	cust, err := db.FindCustomer(ctx, "domain:globex.de", "")
	if err != nil {
		t.Fatal(err)
	}
	owner := lily
	if err := db.SetCustomer(ctx, cust, store.CustomerChange{Owner: &owner}, t0, "manager@lumina-export.example"); err != nil {
		t.Fatal(err)
	}
	judge := func(c *keepwarm.ReplyClock) { c.Target, c.Owner = 10*time.Minute, c.CustomerOwner }
	if _, err := db.MeasureReplies(ctx, t0.Add(time.Minute), "test", judge); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "call:1", CustomerID: cust, Owner: lily, Title: "Call Hans", DueAt: t0}); err != nil {
		t.Fatal(err)
	}
	id := onlyOpenClock(ctx, t, db, t0.Add(time.Minute))
	b := NewWebBackend(WebDeps{DB: db, Clock: keepwarm.NewManualClock(t0),
		People:        []web.Person{{Email: tom, Name: "Tom"}, {Email: anna, Name: "Anna"}, {Email: "manager@lumina-export.example", Manager: true}},
		MailboxOwners: map[string]string{"sales": tom, "anna": anna}})
	now := t0.Add(5 * time.Minute)
	pTom, pAnna := web.Person{Email: tom, Name: "Tom"}, web.Person{Email: anna, Name: "Anna"}

	if _, err := b.Message(ctx, pAnna, id, now); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Anna reads Lily's customer's mail that reached Tom's mailbox: %v", err)
	}
	if _, err := b.Message(ctx, pTom, id, now); err != nil {
		t.Fatalf("the link of Tom's nudge: %v", err)
	}
	d, err := b.Desk(ctx, pTom, now, web.DeskPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Waiting) != 1 || d.Waiting[0].MessageID != id || d.Waiting[0].CoveringFor != lily {
		t.Fatalf("Tom's desk waits for %+v; want the mail, covering for %s", d.Waiting, lily)
	}
	if len(d.Calls) != 0 {
		t.Fatalf("Tom's desk lists the calls of Lily, who left: %+v", d.Calls)
	}
	if _, err := b.NoAnswerNeeded(ctx, pAnna, id, now); err == nil {
		t.Fatal("Anna marked the mail")
	}
	if _, err := b.NoAnswerNeeded(ctx, pTom, id, now); err != nil {
		t.Fatalf("Tom marks the mail he was nudged about: %v", err)
	}
}

// onlyOpenClock is the message of the one open reply clock at now.
func onlyOpenClock(ctx context.Context, t *testing.T, db *store.DB, now time.Time) int64 {
	t.Helper()
	w, err := db.DeskWaiting(ctx, store.Viewer{Manager: true}, now.Add(time.Second), now, store.WaitingLast, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Items) != 1 {
		t.Fatalf("the rig: %d open clocks", len(w.Items))
	}
	return w.Items[0].MessageID
}
