package mailsync_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// passOver waits (15 s at most) for s's first pass to be over.
func passOver(t *testing.T, s *mailsync.Syncer, what string) {
	t.Helper()
	select {
	case <-s.FirstPassOver():
	case <-time.After(15 * time.Second):
		t.Fatalf("%s: the first pass is not over", what)
	}
}

// FirstPassOver closes once Run's first pass has stored every folder (not
// before), once its first session has failed, and when Sync returns.
func TestFirstPassOver(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 40)
	appendGen(t, srv, salesUser, "Sent", 40, 60)

	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(t0), testLogger(t),
		mailsync.SyncOptions{BatchSize: 7})
	select {
	case <-s.FirstPassOver():
		t.Fatal("over before Run began")
	default:
	}
	stop := runInBackground(t, s)
	passOver(t, s, "Run")
	if st := stats(t, db); st.Messages != 60 {
		t.Fatalf("first pass over with %d of 60 messages stored", st.Messages)
	}
	stop()

	bad := mailboxConfig(srv, "team", salesUser)
	bad.Password = "wrong"
	refused := mailsync.NewSyncer(bad, newStore(t), team(), keepwarm.NewManualClock(t0), testLogger(t),
		mailsync.SyncOptions{RetryMin: time.Hour, RetryMax: time.Hour})
	runInBackground(t, refused)
	passOver(t, refused, "a refused login")

	once := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), newStore(t), team(), keepwarm.NewManualClock(t0), testLogger(t),
		mailsync.SyncOptions{})
	if _, err := once.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	passOver(t, once, "Sync")
}
