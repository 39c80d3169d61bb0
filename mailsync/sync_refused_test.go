package mailsync_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// gmailRefusal is what Gmail answers for a message it cannot serve.
const gmailRefusal = "Some messages could not be FETCHed (Failure)"

// flaggedRefused returns the flagged messages whose key says the server
// refused them.
func flaggedRefused(t *testing.T, db *store.DB) []store.FlaggedMessage {
	t.Helper()
	all, err := db.FlaggedMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []store.FlaggedMessage
	for _, f := range all {
		if strings.HasPrefix(f.Key, "unfetchable:") {
			out = append(out, f)
		}
	}
	return out
}

func folderState(t *testing.T, db *store.DB, folder string) keepwarm.FolderState {
	t.Helper()
	st, err := db.FolderState(context.Background(), "team", folder)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// One message the server refuses to FETCH (the others' data, then a tagged
// NO) costs only itself: the rest of its batch is stored, it is stored as
// a flagged placeholder, the folder's position moves past it, and later
// passes neither fetch it again nor stop on it. Both ways of fetching: a
// folder's history (headers first) and whole messages.
func TestRefusedFetchStoresPlaceholderAndGoesOn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		recent mailsync.SyncOptions
	}{
		{"history", mailsync.SyncOptions{}},
		{"whole", mailsync.SyncOptions{RecentText: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			appendGen(t, srv, salesUser, "INBOX", 0, 3)
			srv.RefuseFetch("INBOX", 2, gmailRefusal)
			db := newStore(t)
			rec := record(db)
			s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t), tc.recent)

			sum := syncOnce(t, s)
			if got := rec.take("team/INBOX"); !equalUIDs(got, uidRange(1, 3)) {
				t.Fatalf("stored INBOX uids %v, want [1 2 3]", got)
			}
			if sum.New != 3 || sum.Flagged != 1 {
				t.Fatalf("new %d flagged %d, want 3 and 1", sum.New, sum.Flagged)
			}
			st := folderState(t, db, "INBOX")
			if st.LastUID != 3 {
				t.Fatalf("LastUID %d, want 3", st.LastUID)
			}
			fl := flaggedRefused(t, db)
			wantKey := fmt.Sprintf("unfetchable:team/INBOX/%d/2", st.UIDValidity)
			if len(fl) != 1 || fl[0].Key != wantKey || fl[0].Mailbox != "team" ||
				fl[0].ParseError != "the server refused FETCH: NO "+gmailRefusal+" (folder INBOX, UID 2)" {
				t.Fatalf("flagged %+v, want one %s refused with the server's answer", fl, wantKey)
			}

			// The refusal lasts: the next pass stores new mail and does not
			// ask for UID 2 again.
			appendGen(t, srv, salesUser, "INBOX", 3, 4)
			sum = syncOnce(t, s)
			if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{4}) || sum.Flagged != 0 {
				t.Fatalf("second pass stored %v (flagged %d), want [4] and nothing flagged", got, sum.Flagged)
			}
			if st := stats(t, db); st.Messages != 4 {
				t.Fatalf("stored %d messages, want 4", st.Messages)
			}
		})
	}
}

// A refused message in Sent, synced before INBOX, does not keep INBOX's new
// mail out of the same pass.
func TestRefusedFetchInSentDoesNotStopInbox(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "Sent", 0, 2)
	appendGen(t, srv, salesUser, "INBOX", 2, 4)
	srv.RefuseFetch("Sent", 1, gmailRefusal)
	db := newStore(t)
	rec := record(db)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RecentText: -1})
	sum := syncOnce(t, s)
	if got := rec.take("team/INBOX"); !equalUIDs(got, uidRange(1, 2)) {
		t.Fatalf("INBOX uids %v, want [1 2]", got)
	}
	if got := rec.take("team/Sent"); !equalUIDs(got, uidRange(1, 2)) {
		t.Fatalf("Sent uids %v, want [1 2] (1 a placeholder)", got)
	}
	if sum.Flagged != 1 || len(flaggedRefused(t, db)) != 1 {
		t.Fatalf("flagged %d, want the one refused message", sum.Flagged)
	}
}

// Run, the live mode, gets past a message the server keeps refusing and
// stores the mail that arrives after it.
func TestRunGoesOnPastRefusedFetch(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 3)
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	db := newStore(t)
	ingested, stop := runSyncer(t, mailboxConfig(srv, "team", salesUser), db, keepwarm.NewManualClock(t0),
		mailsync.SyncOptions{RetryMin: 10e6, RetryMax: 50e6})
	waitIngest(t, ingested, 3, "first pass (two messages and a placeholder)")
	appendGen(t, srv, salesUser, "INBOX", 3, 5)
	waitIngest(t, ingested, 2, "mail after the refused message")
	stop()
	if st := stats(t, db); st.Messages != 5 || st.Flagged != 1 {
		t.Fatalf("stored %d messages (%d flagged), want 5 (1)", st.Messages, st.Flagged)
	}
}

// deliverDamaged delivers n generated messages into folder's Maildir on
// Dovecot, the one at index bad with a file name that gives a size larger
// than the file (a damaged or badly copied Maildir).
func deliverDamaged(t *testing.T, d *mailtest.Dovecot, folder string, first, n, bad int) {
	t.Helper()
	var msgs [][]byte
	for i := range n {
		msgs = append(msgs, mailtest.GenMessage(first+i, mailtest.GenOptions{TeamDomain: teamDomain}))
	}
	d.DeliverMaildir(t, salesUser, folder, msgs, func(i int) time.Time { return t0.Add(time.Duration(first+i) * time.Minute) })
	dir := filepath.Join(d.Dir, "mail", teamDomain, "sales", "Maildir")
	if folder != "INBOX" {
		dir = filepath.Join(dir, "."+folder)
	}
	cur, err := filepath.Glob(filepath.Join(dir, "cur", fmt.Sprintf("*.M%dP*", bad)))
	if err != nil || len(cur) != 1 {
		t.Fatalf("the damaged message's file: %v %v", cur, err)
	}
	size := len(msgs[bad])
	name := strings.Replace(cur[0], fmt.Sprintf(",S=%d,W=%d", size, size), fmt.Sprintf(",S=%d,W=%d", size+5000, size+5000), 1)
	if err := os.Rename(cur[0], name); err != nil {
		t.Fatal(err)
	}
}

// On Dovecot: a damaged Maildir file makes Dovecot close the connection in
// the middle of any FETCH of that message ("Cached message size larger than
// expected", "Disconnected: FETCH failed"), every time. The pass goes on:
// the folder's first batch is fetched again a message at a time, the
// message the connection is lost at twice is stored as a flagged
// placeholder, and the rest of the folder and of the mailbox is stored.
func TestDovecotDamagedMaildirFileDoesNotStopSync(t *testing.T) {
	for _, bad := range []string{"INBOX", "Sent"} {
		t.Run(bad, func(t *testing.T) {
			d := mailtest.StartDovecot(t)
			d.AddUser(t, salesUser, password)
			deliverDamaged(t, d, bad, 0, 3, 1)
			if bad != "INBOX" {
				appendGen(t, d, salesUser, "INBOX", 3, 4)
			}
			db := newStore(t)
			rec := record(db)
			s := mailsync.NewSyncer(mailboxConfig(d, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t),
				mailsync.SyncOptions{RecentText: -1, RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond})
			if _, err := s.Sync(context.Background()); err != nil {
				log, _ := os.ReadFile(filepath.Join(d.Dir, "dovecot.log"))
				t.Fatalf("sync: %v\n%s", err, log)
			}
			if got := rec.take("team/" + bad); !equalUIDs(got, uidRange(1, 3)) {
				t.Fatalf("stored %s uids %v, want [1 2 3]", bad, got)
			}
			if st := folderState(t, db, bad); st.LastUID != 3 {
				t.Fatalf("LastUID %d, want 3", st.LastUID)
			}
			if bad != "INBOX" {
				if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{1}) {
					t.Fatalf("INBOX uids %v, want [1]", got)
				}
			}
			fl := flaggedRefused(t, db)
			if len(fl) != 1 || !strings.HasSuffix(fl[0].Key, "/2") || !strings.Contains(fl[0].ParseError, "connection was lost") {
				t.Fatalf("flagged %+v, want UID 2 as a placeholder", fl)
			}
			// The next pass goes straight on.
			appendGen(t, d, salesUser, bad, 5, 6)
			syncOnce(t, s)
			if got := rec.take("team/" + bad); !equalUIDs(got, []uint32{4}) {
				t.Fatalf("next pass stored %v, want [4]", got)
			}
		})
	}
}

// In a live pass (the folder synced before, a few new messages), a message
// the connection is lost at twice is not made a placeholder at once: the
// loss may be the link's (a VPN that resets, a proxy restarting), and the
// message a customer's answer. It is asked for again at the next passes,
// the position held below it, and the mail after it is stored meanwhile.
func TestDovecotLiveDropsAskAgain(t *testing.T) {
	d := mailtest.StartDovecot(t)
	d.AddUser(t, salesUser, password)
	appendGen(t, d, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	rec := record(db)
	s := mailsync.NewSyncer(mailboxConfig(d, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RecentText: -1, RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond})
	syncOnce(t, s)
	rec.take("team/INBOX")
	deliverDamaged(t, d, "INBOX", 1, 2, 0) // UID 2 damaged, UID 3 whole
	for pass := 1; pass <= 2; pass++ {
		syncOnce(t, s)
		if fl := flaggedRefused(t, db); len(fl) != 0 {
			t.Fatalf("pass %d: flagged %+v; want none yet", pass, fl)
		}
		want := []uint32{3}
		if pass > 1 {
			want = nil // stored at the first pass: not fetched again
		}
		if got := rec.take("team/INBOX"); !equalUIDs(got, want) {
			t.Fatalf("pass %d: stored %v; want %v", pass, got, want)
		}
		if st := folderState(t, db, "INBOX"); st.LastUID != 1 {
			t.Fatalf("pass %d: LastUID %d; want 1, below the message asked for again", pass, st.LastUID)
		}
	}
}
