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

// In a sync of new mail, a message whose text lies in a part of its own
// (here 1.1, under multipart/mixed) gets it in a second FETCH; when the
// server leaves the message out of that answer, the message is stored
// from the header the first FETCH gave, its text pending.
func TestOmittedPartKeepsHeader(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	raw := "From: Hans <hans@buyer.de>\r\nTo: " + salesUser + "\r\nSubject: Re: Quotation\r\n" +
		"Date: Mon, 03 Mar 2025 10:00:00 +0100\r\nMessage-ID: <reply-1@buyer.de>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
		"--outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
		"--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWe accept your offer.\r\n" +
		"--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>We accept your offer.</p>\r\n--inner--\r\n" +
		"--outer\r\nContent-Type: application/pdf; name=\"po.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--outer--\r\n"
	srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
	srv.OmitFetch("INBOX", 1, true)
	cs := &captureStore{}
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RecentText: -1})
	syncOnce(t, s)
	if len(cs.got) != 1 {
		t.Fatalf("stored %d messages, want 1", len(cs.got))
	}
	if m := cs.got[0].Message; !m.TextPending || m.Subject != "Re: Quotation" || m.From.Email != "hans@buyer.de" {
		t.Fatalf("stored pending %v, subject %q, from %q; want it from its header, text pending", m.TextPending, m.Subject, m.From.Email)
	}
}
