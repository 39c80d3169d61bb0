package mailsync_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/zhtext"
)

// A new message the server refuses once in a live sync (Gmail's "Some
// messages could not be FETCHed" for mail that has just arrived, or an OK
// without its data from a server still indexing) is asked for again at the
// next pass, not stored as a placeholder at once: the folder's position
// stays below it, the mail after it is stored meanwhile, and once the
// server serves it it is stored as the message it is, nothing flagged. A
// placeholder at the first refusal lost a customer's answer for good.
func TestLiveRefusalOnceIsFetchedAgain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		refuse func(srv *mailtest.IMAPServer, uid uint32)
	}{
		{"NO", func(srv *mailtest.IMAPServer, uid uint32) { srv.RefuseFetch("INBOX", uid, gmailRefusal) }},
		{"OK without the data", func(srv *mailtest.IMAPServer, uid uint32) { srv.OmitFetch("INBOX", uid, false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			appendGen(t, srv, salesUser, "INBOX", 0, 1)
			db := newStore(t)
			rec := record(db)
			clock := keepwarm.NewManualClock(t0)
			s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), clock, testLogger(t),
				mailsync.SyncOptions{})
			syncOnce(t, s)
			rec.take("team/INBOX")

			appendGen(t, srv, salesUser, "INBOX", 1, 3) // UIDs 2 (the answer) and 3
			tc.refuse(srv, 2)
			syncOnce(t, s)
			if fl := flaggedRefused(t, db); len(fl) != 0 {
				t.Fatalf("flagged %+v after one refusal; want none", fl)
			}
			if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{3}) {
				t.Fatalf("stored %v; want [3], UID 2 left for the next pass", got)
			}
			if st := folderState(t, db, "INBOX"); st.LastUID != 1 {
				t.Fatalf("LastUID %d; want 1, below the refused message", st.LastUID)
			}

			tc.refuse(srv, 0)
			clock.Advance(time.Minute)
			syncOnce(t, s)
			if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{2}) {
				t.Fatalf("stored %v; want [2], UID 3 stored already", got)
			}
			if st := stats(t, db); st.Messages != 3 || st.Flagged != 0 {
				t.Fatalf("stats %+v: want the 3 messages, none flagged", st)
			}
			if st := folderState(t, db, "INBOX"); st.LastUID != 3 {
				t.Fatalf("LastUID %d; want 3", st.LastUID)
			}
		})
	}
}

// A new message the server keeps refusing becomes the placeholder it was
// before, only once refused at three passes over an hour at least: the
// mail after it is stored meanwhile, and the position then moves past it.
func TestLiveRefusalThatLastsBecomesAPlaceholder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	clock := keepwarm.NewManualClock(t0)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), clock, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	appendGen(t, srv, salesUser, "INBOX", 1, 3)
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	for i, step := range []time.Duration{0, 10 * time.Minute, 10 * time.Minute, 30 * time.Minute} {
		clock.Advance(step)
		syncOnce(t, s)
		if fl := flaggedRefused(t, db); len(fl) != 0 {
			t.Fatalf("pass %d: flagged %+v; want none yet", i+1, fl)
		}
	}
	clock.Advance(11 * time.Minute) // an hour and a minute after the first refusal
	syncOnce(t, s)
	if fl := flaggedRefused(t, db); len(fl) != 1 {
		t.Fatalf("flagged %+v; want the refused message's placeholder", fl)
	}
	if st := folderState(t, db, "INBOX"); st.LastUID != 3 {
		t.Fatalf("LastUID %d; want 3", st.LastUID)
	}
	if st := stats(t, db); st.Messages != 3 {
		t.Fatalf("stats %+v; want 3 messages (one a placeholder)", st)
	}
}

// Each run of `keepwarm tick` or `keepwarm sync` is a new process with new
// Syncers: the refusals are counted in the store, so a message the server
// keeps refusing still becomes its placeholder after three runs over an
// hour, the mailbox's mail stops waiting, and the time the desk shows is
// the first refusal's, not the latest run's.
func TestLiveRefusalCountsAcrossProcesses(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	clock := keepwarm.NewManualClock(t0)
	run := func() *mailsync.Syncer { // one tick
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), clock, testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)
		return s
	}
	run()
	appendGen(t, srv, salesUser, "INBOX", 1, 3)
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	since := "since " + t0.UTC().Format("2006-01-02 15:04 UTC")
	for i, step := range []time.Duration{0, 30 * time.Minute} {
		clock.Advance(step)
		s := run()
		if fl := flaggedRefused(t, db); len(fl) != 0 {
			t.Fatalf("run %d: flagged %+v; want none yet", i+1, fl)
		}
		if st := folderState(t, db, "INBOX"); st.LastUID != 1 {
			t.Fatalf("run %d: LastUID %d; want 1", i+1, st.LastUID)
		}
		want := fmt.Sprintf("UID 2, refused %d times %s", i+1, since)
		got := s.UnreadMessage()
		if !strings.Contains(got, want) {
			t.Fatalf("run %d: UnreadMessage %q; want it to say %q", i+1, got, want)
		}
		// The desk says it in Chinese too, all of it.
		if zh := zhtext.Err(mailsync.UnreadHeld + got); strings.Contains(zh, "refused") || !strings.Contains(zh, "UID 2") {
			t.Fatalf("run %d: in Chinese %q; want no English but the folder, UID and time", i+1, zh)
		}
	}
	clock.Advance(31 * time.Minute) // an hour and a minute after the first refusal
	s := run()
	if fl := flaggedRefused(t, db); len(fl) != 1 {
		t.Fatalf("flagged %+v; want the refused message's placeholder", fl)
	}
	if st := folderState(t, db, "INBOX"); st.LastUID != 3 {
		t.Fatalf("LastUID %d; want 3", st.LastUID)
	}
	if got := s.UnreadMessage(); got != "" {
		t.Fatalf("UnreadMessage %q after the placeholder; want none", got)
	}
	if got := run().UnreadMessage(); got != "" {
		t.Fatalf("UnreadMessage %q at the next run; want none", got)
	}
}

// A message asked for again in a folder that is no longer synced is waited
// for no more: here INBOX, read while the Gmail mailbox showed no All Mail,
// which then replaces it. Nothing would ever ask for it again, and the
// mailbox's mail would wait for good; All Mail's sync reads it anyway.
func TestRefusalInAFolderNoLongerSyncedEnds(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.ReadAll, cfg.AllNames = true, []string{"All Mail"}
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	appendGen(t, srv, salesUser, "INBOX", 1, 2)
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	syncOnce(t, s)
	if s.UnreadMessage() == "" {
		t.Fatal("UnreadMessage empty after the refusal; want the message named")
	}

	admin := srv.Dial(t, salesUser)
	if err := admin.Create("All Mail", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "All Mail", 0, 2)
	syncOnce(t, s)
	if got := s.Folders(); slices.Contains(got, "INBOX") {
		t.Fatalf("read folders %q; want All Mail in place of INBOX", got)
	}
	if got := s.UnreadMessage(); got != "" {
		t.Fatalf("UnreadMessage %q; want none, INBOX is no longer read", got)
	}
	if st := stats(t, db); st.Messages != 2 || st.Flagged != 0 {
		t.Fatalf("stats %+v: want both messages, read from All Mail, none flagged", st)
	}
	// A later run, a new process, holds nothing either.
	s2 := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(t0), testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s2)
	if got := s2.UnreadMessage(); got != "" {
		t.Fatalf("UnreadMessage %q at the next run; want none", got)
	}
}

// failOnUID is a store whose SaveBatch fails while fail is set, for a
// batch holding uid: it stores the messages before uid (a batch gathered
// with the ones before it), then fails.
type failOnUID struct {
	mailsync.Store
	uid  uint32
	fail bool
}

func (f *failOnUID) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	i := slices.IndexFunc(batch, func(in keepwarm.Incoming) bool { return in.Copy.UID == f.uid })
	if !f.fail || i < 0 {
		return f.Store.SaveBatch(ctx, st, batch)
	}
	if i > 0 {
		before := st
		before.LastUID = batch[i-1].Copy.UID
		if _, err := f.Store.SaveBatch(ctx, before, batch[:i]); err != nil {
			return keepwarm.SaveResult{}, err
		}
	}
	return keepwarm.SaveResult{}, errors.New("database or disk is full")
}

// A refused message the server then serves is waited for until it is
// stored, not only fetched: when its batch cannot be stored, the message
// may still be the customer's answer that nothing has seen, and the
// mailbox's mail keeps waiting until a pass stores it.
func TestRefusedMessageWaitedForUntilStored(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	st := &failOnUID{Store: db, uid: 2}
	clock := keepwarm.NewManualClock(t0)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), st, team(), clock, testLogger(t),
		mailsync.SyncOptions{MaxAttempts: 1})
	syncOnce(t, s)
	appendGen(t, srv, salesUser, "INBOX", 1, 3)
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	syncOnce(t, s)
	if s.UnreadMessage() == "" {
		t.Fatal("UnreadMessage empty after the refusal; want the message named")
	}

	srv.RefuseFetch("INBOX", 0, gmailRefusal)
	st.fail = true
	clock.Advance(time.Minute)
	if _, err := s.Sync(context.Background()); err == nil {
		t.Fatal("sync stored the batch the store refused")
	}
	if s.UnreadMessage() == "" {
		t.Fatal("UnreadMessage empty while the served message is not stored; want it still waited for")
	}
	if rs, err := db.FetchRefusals(context.Background(), "team"); err != nil || len(rs) != 1 {
		t.Fatalf("stored refusals %+v, %v; want the message's", rs, err)
	}

	st.fail = false
	clock.Advance(time.Minute)
	syncOnce(t, s)
	if got := s.UnreadMessage(); got != "" {
		t.Fatalf("UnreadMessage %q once stored; want none", got)
	}
	if rs, err := db.FetchRefusals(context.Background(), "team"); err != nil || len(rs) != 0 {
		t.Fatalf("stored refusals %+v, %v; want none", rs, err)
	}
	if st := stats(t, db); st.Messages != 3 || st.Flagged != 0 {
		t.Fatalf("stats %+v: want the 3 messages, none flagged", st)
	}
}

// A folder's first sync that stopped before its last batch, whose
// remainder then left the folder (archived, expunged), ends at the next
// pass that finds nothing left to fetch: the next new message is a live
// one, and a refusal of it is asked for again, not made a placeholder.
func TestFirstSyncEndsWhenItsRemainderIsGone(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 4) // UIDs 1-4
	db := newStore(t)
	st := &failOnUID{Store: db, uid: 3, fail: true}
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), st, team(), keepwarm.NewManualClock(t0), testLogger(t),
		mailsync.SyncOptions{BatchSize: 2, MaxAttempts: 1})
	if _, err := s.Sync(context.Background()); err == nil {
		t.Fatal("the first sync stored the batch the store refused")
	}
	if got := folderState(t, db, "INBOX").LastUID; got != 2 {
		t.Fatalf("LastUID %d after the first batch; want 2", got)
	}
	st.fail = false

	c := srv.Dial(t, salesUser)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	var set imap.UIDSet
	set.AddRange(3, 4)
	if err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, s) // nothing left to fetch: the first sync is over

	appendGen(t, srv, salesUser, "INBOX", 4, 5) // UID 5, a customer's answer
	srv.RefuseFetch("INBOX", 5, gmailRefusal)
	syncOnce(t, s)
	if fl := flaggedRefused(t, db); len(fl) != 0 {
		t.Fatalf("flagged %+v at the first refusal of a live message; want none", fl)
	}
	if got := folderState(t, db, "INBOX").LastUID; got != 4 && got != 2 {
		t.Fatalf("LastUID %d; want it below the refused UID 5", got)
	}
	if s.UnreadMessage() == "" {
		t.Fatal("UnreadMessage empty; want the refused message named")
	}
}

// While a refused message holds its folder's position, the messages stored
// after it are not fetched again at each pass: on a busy folder they would
// soon pass a batch, and the pass, a catch-up then, would make the message
// a placeholder at once.
func TestRefusalHoldFetchesOnlyNewMail(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	rec := record(db)
	clock := keepwarm.NewManualClock(t0)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), clock, testLogger(t),
		mailsync.SyncOptions{BatchSize: 2})
	syncOnce(t, s)
	rec.take("team/INBOX")
	appendGen(t, srv, salesUser, "INBOX", 1, 3) // UIDs 2 (refused) and 3
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	syncOnce(t, s)
	if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{3}) {
		t.Fatalf("stored %v; want [3]", got)
	}
	for i, n := range []int{4, 5} { // one more at each pass: UIDs 4, 5
		appendGen(t, srv, salesUser, "INBOX", n-1, n)
		clock.Advance(5 * time.Minute)
		s = mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), clock, testLogger(t),
			mailsync.SyncOptions{BatchSize: 2}) // a tick: a new process
		syncOnce(t, s)
		if fl := flaggedRefused(t, db); len(fl) != 0 {
			t.Fatalf("pass %d: flagged %+v; want none, the new mail is one message", i+1, fl)
		}
		if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{uint32(n)}) {
			t.Fatalf("pass %d: stored %v; want only the new UID %d", i+1, got, n)
		}
		if st := folderState(t, db, "INBOX"); st.LastUID != 1 {
			t.Fatalf("pass %d: LastUID %d; want 1", i+1, st.LastUID)
		}
	}
	srv.RefuseFetch("INBOX", 0, gmailRefusal)
	clock.Advance(time.Minute)
	syncOnce(t, s)
	if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{2}) {
		t.Fatalf("stored %v; want [2]", got)
	}
	if st := folderState(t, db, "INBOX"); st.LastUID != 5 {
		t.Fatalf("LastUID %d; want 5", st.LastUID)
	}
	if st := stats(t, db); st.Messages != 5 || st.Flagged != 0 {
		t.Fatalf("stats %+v: want the 5 messages, none flagged", st)
	}
	if s.UnreadMessage() != "" {
		t.Fatalf("UnreadMessage %q; want none", s.UnreadMessage())
	}
}
