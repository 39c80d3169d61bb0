package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// An ack draft whose customer was answered before the dispatcher filed it
// is skipped, not filed (it would only be removed again); a draft that is
// still needed passes; other items are not the ack check's business.
func TestAckPrecheckSkipsADraftAnsweredBeforeItWasFiled(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	uid := uint32(0)
	save := func(m keepwarm.Message, role keepwarm.FolderRole) int64 {
		t.Helper()
		uid++
		m.Key, m.RawHeader = m.MessageID, []byte("Message-ID: <"+m.MessageID+">\r\n")
		folder := "INBOX"
		if role == keepwarm.RoleSent {
			folder = "Sent"
		}
		in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: folder, Role: role, UIDValidity: 1, UID: uid, InternalDate: m.Date}}
		res, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: folder, UIDValidity: 1, LastUID: uid, SyncedAt: m.Date}, []keepwarm.Incoming{in})
		if err != nil || len(res.NewIDs) != 1 {
			t.Fatalf("save %s: %v", m.MessageID, err)
		}
		return res.NewIDs[0]
	}
	hans := keepwarm.Address{Email: "hans@globex.de"}
	q := save(keepwarm.Message{MessageID: "q@globex.de", From: hans, To: []keepwarm.Address{{Email: "lily@acme.example"}},
		Subject: "Terms", SubjectKey: "terms", Date: t0, Kind: keepwarm.KindInbound, CustomerKey: "domain:globex.de",
		Contacts: []keepwarm.Address{hans}}, keepwarm.RoleInbox)
	a := &App{DB: db}
	item := keepwarm.OutboxItem{Key: sequences.AckKey(q), Origin: sequences.OriginAck, MessageID: "ack@acme.example"}
	if why, err := a.ackPrecheck(ctx, item); err != nil || why != "" {
		t.Fatalf("unanswered: %q %v", why, err)
	}
	save(keepwarm.Message{MessageID: "a@acme.example", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{hans},
		Subject: "Re: Terms", SubjectKey: "terms", Date: t0.Add(3 * time.Minute), Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hans}, InReplyTo: []string{"q@globex.de"},
		References: []string{"q@globex.de"}}, keepwarm.RoleSent)
	if why, err := a.ackPrecheck(ctx, item); err != nil || why == "" {
		t.Fatalf("answered: %q %v", why, err)
	}
	if why, err := a.ackPrecheck(ctx, keepwarm.OutboxItem{Key: "nudge:1:1", Origin: sequences.OriginNudge}); err != nil || why != "" {
		t.Fatalf("a nudge: %q %v", why, err)
	}
}
