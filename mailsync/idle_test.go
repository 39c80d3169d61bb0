package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// runSyncer starts Run in a goroutine and returns the ingest channel and a
// stop function that cancels Run and checks it returned within 5 s.
func runSyncer(t *testing.T, cfg mailsync.MailboxConfig, st mailsync.Store, clock keepwarm.Clock, opts mailsync.SyncOptions) (<-chan keepwarm.SaveResult, func()) {
	t.Helper()
	ingested := make(chan keepwarm.SaveResult, 100)
	opts.OnIngest = func(r keepwarm.SaveResult) { ingested <- r }
	s := mailsync.NewSyncer(cfg, st, team(), clock, testLogger(t), opts)
	return ingested, runInBackground(t, s)
}

// runInBackground starts s.Run in a goroutine and returns a stop function
// (also run at cleanup) that cancels it and checks it returned nil within
// 5 s.
func runInBackground(t *testing.T, s *mailsync.Syncer) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v, want nil after cancel", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Run did not return within 5s of cancel")
		}
	}
	t.Cleanup(stop)
	return stop
}

func waitIngest(t *testing.T, ch <-chan keepwarm.SaveResult, wantNew int, what string) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	got := 0
	for got < wantNew {
		select {
		case r := <-ch:
			got += r.New
		case <-deadline:
			t.Fatalf("%s: %d of %d new messages ingested before the deadline", what, got, wantNew)
		}
	}
}

func TestIdleWakesRunOnNewMail(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 2)
		db := newStore(t)
		// A manual clock never reaches the poll interval: only IDLE can
		// bring the new message in.
		clock := keepwarm.NewManualClock(t0)
		ingested, stop := runSyncer(t, mailboxConfig(srv, "team", salesUser), db, clock, mailsync.SyncOptions{})
		waitIngest(t, ingested, 2, "initial pass")

		appendGen(t, srv, salesUser, "INBOX", 2, 3)
		waitIngest(t, ingested, 1, "after new mail in INBOX")
		appendGen(t, srv, salesUser, "INBOX", 3, 5)
		waitIngest(t, ingested, 2, "after more mail in INBOX")
		stop()
		if st := stats(t, db); st.Messages != 5 {
			t.Fatalf("stored %d messages, want 5", st.Messages)
		}
	})
}

func TestRunPollsSentEveryInterval(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		db := newStore(t)
		clock := keepwarm.NewManualClock(t0)
		rec := record(db)
		ingested, _ := runSyncer(t, mailboxConfig(srv, "lily", lilyUser), rec, clock, mailsync.SyncOptions{PollInterval: time.Minute})
		// Wait for the first pass to store Sent's (empty) position, so the
		// poll timer is armed before the clock moves.
		waitFor(t, func() bool {
			_, err := db.FolderState(context.Background(), "lily", "Sent")
			return err == nil
		})
		appendGen(t, srv, lilyUser, "Sent", 1, 2)
		// Sent is not IDLEd: nothing arrives until the poll interval passes.
		select {
		case r := <-ingested:
			t.Fatalf("ingested %+v before the poll interval", r)
		case <-time.After(300 * time.Millisecond):
		}
		clock.Advance(time.Minute)
		waitIngest(t, ingested, 1, "after the poll interval")
	})
}

func TestRunReconnectsAfterDrop(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		c := srv.Dial(t, salesUser)
		msgs := make([][]byte, 30)
		for i := range msgs {
			msgs[i] = mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain, BodyPadding: 3000})
		}
		mailtest.AppendMany(t, c, "INBOX", msgs, func(i int) time.Time { return t0 })
		proxy := mailtest.NewCutProxy(t, srv.Addr(), 30_000)
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.URL.Host = proxy.Addr()
		db := newStore(t)
		// Every text at once (RecentText -1): the bodies carry the stream
		// past the proxy's cut, as mail of 2025 read in 2026 from its
		// header alone would not.
		ingested, _ := runSyncer(t, cfg, db, keepwarm.SystemClock{},
			mailsync.SyncOptions{BatchSize: 5, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond, PollInterval: time.Hour, RecentText: -1})
		waitIngest(t, ingested, 30, "initial pass across a dropped connection")
		if proxy.Cuts() != 1 || proxy.Conns() < 2 {
			t.Fatalf("cuts %d conns %d: want one cut and a reconnect", proxy.Cuts(), proxy.Conns())
		}
		// The new connection IDLEs too.
		appendGen(t, srv, salesUser, "INBOX", 30, 31)
		waitIngest(t, ingested, 1, "new mail after the reconnect")
	})
}

func TestCondStoreSkipsUnchangedFolders(t *testing.T) {
	srv := mailtest.StartDovecot(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 3)
	db := newStore(t)
	rec := record(db)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	rec.take("team/INBOX")
	st1, err := db.FolderState(context.Background(), "team", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if st1.HighestModSeq == 0 || st1.LastUID != 3 {
		t.Fatalf("state after first sync %+v: want HIGHESTMODSEQ recorded", st1)
	}

	// A flag change (the salesperson reads a mail in Outlook) moves
	// HIGHESTMODSEQ but brings nothing new: no FETCH, new modseq stored.
	c := srv.Dial(t, salesUser)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Store(imap.UIDSetNum(2), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagFlagged}, Silent: true}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	sum := syncOnce(t, s)
	st2, _ := db.FolderState(context.Background(), "team", "INBOX")
	if sum.Fetched != 0 || st2.HighestModSeq <= st1.HighestModSeq {
		t.Fatalf("after a flag change: fetched %d, modseq %d -> %d", sum.Fetched, st1.HighestModSeq, st2.HighestModSeq)
	}
	sum = syncOnce(t, s)
	if sum.Fetched != 0 || !sum.Folders[len(sum.Folders)-1].Skipped {
		t.Fatalf("unchanged folder not skipped: %+v", sum)
	}

	appendGen(t, srv, salesUser, "INBOX", 3, 4)
	syncOnce(t, s)
	if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{4}) {
		t.Fatalf("after new mail fetched %v, want [4]", got)
	}
	st3, _ := db.FolderState(context.Background(), "team", "INBOX")
	if st3.HighestModSeq <= st2.HighestModSeq {
		t.Fatalf("modseq not advanced: %d -> %d", st2.HighestModSeq, st3.HighestModSeq)
	}
}

// waitFor polls cond (a database read: there is no event to wait on) for up
// to 10 s.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLookSyncsEveryFolderNow: Look has the running session sync every
// folder at once, on its own connection, and returns when what it found is
// stored: mail filed in Sent, which IDLE on the inbox does not see, is there
// without waiting for the poll. With no session running, Look says so at
// once.
func TestLookSyncsEveryFolderNow(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		db := newStore(t)
		ctx := context.Background()
		// The manual clock never reaches the hour's poll.
		s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.NewManualClock(t0),
			testLogger(t), mailsync.SyncOptions{PollInterval: time.Hour})
		if err := s.Look(ctx); err == nil || !strings.Contains(err.Error(), "not connected") {
			t.Fatalf("Look with no session: %v", err)
		}
		stop := runInBackground(t, s)
		waitFor(t, func() bool {
			_, err := db.FolderState(ctx, "lily", "Sent")
			return err == nil
		})
		for i := range 3 {
			appendGen(t, srv, lilyUser, "Sent", i, i+1)
			lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err := s.Look(lctx)
			cancel()
			if err != nil {
				t.Fatalf("look %d: %v", i+1, err)
			}
			if st := stats(t, db); st.Messages != i+1 {
				t.Fatalf("after look %d: %d messages stored", i+1, st.Messages)
			}
		}
		stop()
		if err := s.Look(ctx); err == nil {
			t.Fatal("Look after the session ended succeeded")
		}
	})
}

// TestLookNamesGoneFolder: once a configured extra folder is gone from the
// server, the running session syncs the rest of the mailbox, but Look, the
// look before nudges, says the folder is not read (an answer filed there
// cannot be seen) instead of succeeding.
func TestLookNamesGoneFolder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, lilyUser, password)
	admin := srv.Dial(t, lilyUser)
	if err := admin.Create("Customers", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, lilyUser, "Customers", 0, 1)
	db := newStore(t)
	ctx := context.Background()
	cfg := mailboxConfig(srv, "lily", lilyUser)
	cfg.Folders = []mailsync.FolderSpec{{Name: "Customers", Role: keepwarm.RoleOther}}
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{PollInterval: time.Hour, RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond})
	defer runInBackground(t, s)()
	waitFor(t, func() bool {
		_, err := db.FolderState(ctx, "lily", "Customers")
		return err == nil
	})
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err := s.Look(lctx)
	cancel()
	if err != nil {
		t.Fatalf("look with every folder there: %v", err)
	}
	if err := admin.Delete("Customers").Wait(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := s.Look(lctx)
		cancel()
		if err != nil && strings.Contains(err.Error(), `folder "Customers" gone from the server`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Look with Customers gone: %v, want an error naming it", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
