package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A message the server leaves out of its answer to the header FETCH, ending
// it with OK, is not passed over in silence: the server still has it (UID
// SEARCH finds it), so it is stored as a flagged placeholder, as a refused
// one is, and the position moves past it. Both ways of fetching.
func TestOmittedFromHeaderFetchIsFlagged(t *testing.T) {
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
			srv.OmitFetch("INBOX", 2, false)
			db := newStore(t)
			rec := record(db)
			s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t), tc.recent)
			sum := syncOnce(t, s)
			if got := rec.take("team/INBOX"); !equalUIDs(got, uidRange(1, 3)) {
				t.Fatalf("stored INBOX uids %v, want [1 2 3]", got)
			}
			if sum.Flagged != 1 {
				t.Fatalf("flagged %d, want the message left out", sum.Flagged)
			}
			fl := flaggedRefused(t, db)
			if len(fl) != 1 || !strings.HasSuffix(fl[0].Key, "/2") || !strings.Contains(fl[0].ParseError, "OK without the message's data") {
				t.Fatalf("flagged %+v, want UID 2 as a placeholder saying why", fl)
			}
			if st := folderState(t, db, "INBOX"); st.LastUID != 3 {
				t.Fatalf("LastUID %d, want 3", st.LastUID)
			}
		})
	}
}

// A message expunged between the SEARCH and the FETCH (left out of the
// answer, gone from the folder) is no placeholder: nothing is flagged.
func TestOmittedAndExpungedIsNotFlagged(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 3)
	srv.OmitFetch("INBOX", 7, false) // no such message: as if expunged
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RecentText: -1})
	if sum := syncOnce(t, s); sum.New != 3 || sum.Flagged != 0 {
		t.Fatalf("new %d flagged %d, want 3 and 0", sum.New, sum.Flagged)
	}
}

// A recent message of a folder's history whose text the server leaves out
// of its answer (its header already in hand) is stored from its header,
// its text pending for the backfill, on one connection and on two.
func TestOmittedTextKeepsHeader(t *testing.T) {
	for _, two := range []bool{false, true} {
		t.Run(map[bool]string{false: "one connection", true: "two connections"}[two], func(t *testing.T) {
			if two {
				t.Cleanup(mailsync.SetSecondConnFrom(1))
			}
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			appendGen(t, srv, salesUser, "INBOX", 0, 3)
			srv.OmitFetch("INBOX", 2, true)
			cs := &captureStore{}
			// Every message is within the recent window: each needs its text.
			s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.NewManualClock(t0.Add(time.Hour)),
				testLogger(t), mailsync.SyncOptions{})
			syncOnce(t, s)
			if len(cs.got) != 3 {
				t.Fatalf("stored %d messages, want 3", len(cs.got))
			}
			for _, in := range cs.got {
				m := in.Message
				switch {
				case in.Copy.UID == 2 && (!m.TextPending || m.Subject == "" || m.ParseError != ""):
					t.Errorf("UID 2: pending %v, subject %q, parse error %q; want stored from its header, text pending",
						m.TextPending, m.Subject, m.ParseError)
				case in.Copy.UID != 2 && (m.TextPending || m.Snippet == ""):
					t.Errorf("UID %d: pending %v, snippet %q; want its text", in.Copy.UID, m.TextPending, m.Snippet)
				}
			}
		})
	}
}
