package mailsync_test

import (
	"context"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// midSave runs during, once, when the Syncer over it first writes its
// refusals, before they reach the database, and after once they have.
type midSave struct {
	mailsync.Store
	db            *store.DB
	during, after func()
}

func (m *midSave) UpdateFetchRefusals(ctx context.Context, mailbox string, bump, gone, through []keepwarm.FetchRefusal) error {
	if f := m.during; f != nil {
		m.during = nil
		f()
	}
	err := m.db.UpdateFetchRefusals(ctx, mailbox, bump, gone, through)
	if f := m.after; f != nil {
		m.after = nil
		f()
	}
	return err
}

// Two Syncers of one mailbox sync at once (the daemon's, the follow-ups'
// last look): what one writes of its pass's refusals leaves the other's
// alone. Here the look is refused a new message in Sent while the daemon's
// Syncer ends its INBOX pass, refused a new message there; once the
// daemon's INBOX refusal is saved, the Sent one is still there, holding the
// mailbox's mail.
func TestTwoSyncersKeepEachOthersRefusals(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "Sent", 0, 2)
	appendGen(t, srv, salesUser, "INBOX", 2, 4)
	db := newStore(t)
	cfg := mailboxConfig(srv, "team", salesUser)
	hook := &midSave{Store: db, db: db}
	daemon := mailsync.NewSyncer(cfg, hook, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{})
	look := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, daemon)

	appendGen(t, srv, salesUser, "INBOX", 5, 6) // UID 3
	srv.RefuseFetch("INBOX", 3, gmailRefusal)
	var rows []keepwarm.FetchRefusal
	hook.during = func() {
		appendGen(t, srv, salesUser, "Sent", 4, 5) // UID 3
		srv.RefuseFetch("Sent", 3, gmailRefusal)   // the server serves INBOX's now
		syncOnce(t, look)
	}
	hook.after = func() {
		var err error
		if rows, err = db.FetchRefusals(context.Background(), "team"); err != nil {
			t.Error(err)
		}
	}
	syncOnce(t, daemon)
	if hook.after != nil {
		t.Fatal("the rig: the daemon's Syncer saved no refusal")
	}
	sent := 0
	for _, r := range rows {
		if r.Folder == "Sent" && r.UID == 3 {
			sent = r.Tries
		}
	}
	if sent != 1 {
		t.Fatalf("refusals once the daemon's INBOX pass saved %+v; want Sent UID 3 refused once (the look's)", rows)
	}
}
