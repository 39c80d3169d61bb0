package mailsync_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

func TestIncrementalSyncFetchesOnlyNewMail(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 5)
		appendGen(t, srv, salesUser, "Sent", 5, 7)
		db := newStore(t)
		rec := record(db)
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), rec, team(), keepwarm.SystemClock{}, testLogger(t),
			mailsync.SyncOptions{BatchSize: 2})

		sum := syncOnce(t, s)
		if sum.Fetched != 7 || sum.New != 7 {
			t.Fatalf("first sync: fetched %d new %d, want 7 7", sum.Fetched, sum.New)
		}
		if got := rec.take("team/INBOX"); !equalUIDs(got, uidRange(1, 5)) {
			t.Fatalf("first sync INBOX uids %v", got)
		}
		if got := rec.take("team/Sent"); !equalUIDs(got, uidRange(1, 2)) {
			t.Fatalf("first sync Sent uids %v (Sent found by SPECIAL-USE or by name)", got)
		}

		appendGen(t, srv, salesUser, "INBOX", 7, 9)
		sum = syncOnce(t, s)
		if sum.Fetched != 2 {
			t.Fatalf("second sync fetched %d, want 2", sum.Fetched)
		}
		if got := rec.take("team/INBOX"); !equalUIDs(got, []uint32{6, 7}) {
			t.Fatalf("second sync INBOX uids %v, want [6 7]", got)
		}
		if got := rec.take("team/Sent"); len(got) != 0 {
			t.Fatalf("second sync refetched Sent %v", got)
		}

		sum = syncOnce(t, s)
		if sum.Fetched != 0 {
			t.Fatalf("third sync fetched %d, want 0", sum.Fetched)
		}
		for _, f := range sum.Folders {
			if !f.Skipped {
				t.Errorf("folder %s not skipped with nothing new", f.Name)
			}
		}
		if st := stats(t, db); st.Messages != 9 || st.Copies["team"] != 9 {
			t.Fatalf("stored %d messages %d copies, want 9 9", st.Messages, st.Copies["team"])
		}
	})
}

func TestRestartResumesWithoutDuplicates(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 30)
		path := filepath.Join(t.TempDir(), "kw.db")

		// The first run dies storing the batch that holds UID 25, as a crash
		// would. Batches are 3 UIDs and one transaction takes at most 4 of
		// them, so everything up to some k between 12 and 24 is stored first.
		db1 := openStore(t, path)
		rec1 := record(db1)
		rec1.failUID = 25
		cfg := mailboxConfig(srv, "team", salesUser)
		s1 := mailsync.NewSyncer(cfg, rec1, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{BatchSize: 3})
		if _, err := s1.Sync(context.Background()); !errors.Is(err, errInjected) {
			t.Fatalf("first sync error %v, want the injected failure", err)
		}
		got := rec1.take("team/INBOX")
		k := uint32(len(got))
		if k < 12 || k >= 25 || k%3 != 0 || !equalUIDs(got, uidRange(1, k)) {
			t.Fatalf("stored before the crash: %v, want 1..k with k in 12..24 on a batch boundary", got)
		}
		db1.Close()

		appendGen(t, srv, salesUser, "INBOX", 30, 32)
		db2 := openStore(t, path)
		rec2 := record(db2)
		s2 := mailsync.NewSyncer(cfg, rec2, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{BatchSize: 3})
		sum := syncOnce(t, s2)
		if got := rec2.take("team/INBOX"); !equalUIDs(got, uidRange(k+1, 32)) {
			t.Fatalf("after restart fetched %v, want %d..32", got, k+1)
		}
		if sum.New != int(32-k) {
			t.Fatalf("after restart %d new, want %d", sum.New, 32-k)
		}
		if st := stats(t, db2); st.Messages != 32 || st.Copies["team"] != 32 {
			t.Fatalf("stored %d messages %d copies, want 32 32", st.Messages, st.Copies["team"])
		}
	})
}

func TestUIDValidityChangeResyncsWithoutDuplicates(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		appendGen(t, srv, lilyUser, "Sent", 0, 4)
		db := newStore(t)
		s := mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)
		before, err := db.FolderState(context.Background(), "lily", "Sent")
		if err != nil {
			t.Fatal(err)
		}

		raw := mailtest.Raw(t, srv, lilyUser, "Sent")
		mailtest.RecreateFolder(t, srv, lilyUser, "Sent")
		for i, r := range raw {
			srv.Append(t, lilyUser, "Sent", r, t0.Add(time.Duration(i)*time.Minute))
		}
		appendGen(t, srv, lilyUser, "Sent", 4, 5)

		sum := syncOnce(t, s)
		var sent mailsync.FolderSummary
		for _, f := range sum.Folders {
			if f.Name == "Sent" {
				sent = f
			}
		}
		if !sent.Reset || sent.Fetched != 5 || sent.New != 1 {
			t.Fatalf("Sent after UIDVALIDITY change: %+v, want reset, 5 fetched, 1 new", sent)
		}
		after, _ := db.FolderState(context.Background(), "lily", "Sent")
		if after.UIDValidity == before.UIDValidity || after.LastUID != 5 {
			t.Fatalf("state before %+v after %+v", before, after)
		}
		if st := stats(t, db); st.Messages != 5 || st.Copies["lily"] != 5 {
			t.Fatalf("stored %d messages %d copies, want 5 5", st.Messages, st.Copies["lily"])
		}
	})
}

func TestOneThreadAcrossTeamInboxAndSalespersonSent(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		srv.AddUser(t, lilyUser, password)
		gen := func(i int) []byte { return mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain}) }
		// Inquiry and the buyer's answer reach the team mailbox; Lily's
		// quotation sits in her Sent; the answer (To: Lily, Cc: team) also
		// reaches her INBOX.
		srv.Append(t, salesUser, "INBOX", gen(0), t0)
		srv.Append(t, lilyUser, "Sent", gen(1), t0.Add(5*time.Minute))
		srv.Append(t, salesUser, "INBOX", gen(2), t0.Add(time.Hour))
		srv.Append(t, lilyUser, "INBOX", gen(2), t0.Add(time.Hour))

		db := newStore(t)
		for _, mb := range []struct{ name, user string }{{"team", salesUser}, {"lily", lilyUser}} {
			cfg := mailboxConfig(srv, mb.name, mb.user)
			syncOnce(t, mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))
		}
		st := stats(t, db)
		if st.Messages != 3 || st.Copies["team"] != 2 || st.Copies["lily"] != 2 {
			t.Fatalf("stats %+v, want 3 messages, 2 copies in each mailbox", st)
		}
		threads, err := db.ListThreads(context.Background(), store.ThreadFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(threads) != 1 || threads[0].Messages != 3 {
			t.Fatalf("threads %+v, want one thread of 3 messages", threads)
		}
		if threads[0].LastInboundAt == nil || threads[0].LastOutboundAt == nil {
			t.Fatalf("thread %+v lacks inbound or outbound time", threads[0])
		}
	})
}

func TestReconnectMidFetchCompletesSync(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		c := srv.Dial(t, salesUser)
		msgs := make([][]byte, 60)
		for i := range msgs {
			msgs[i] = mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain, BodyPadding: 3000})
		}
		mailtest.AppendMany(t, c, "INBOX", msgs, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) })

		proxy := mailtest.NewCutProxy(t, srv.Addr(), 40_000) // mid-way through the INBOX fetch
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.URL.Host = proxy.Addr()
		db := newStore(t)
		rec := record(db)
		s := mailsync.NewSyncer(cfg, rec, team(), keepwarm.SystemClock{}, testLogger(t),
			mailsync.SyncOptions{BatchSize: 5, RetryMin: time.Millisecond, RetryMax: 10 * time.Millisecond})
		sum := syncOnce(t, s)
		if proxy.Cuts() != 1 || sum.Reconnects < 1 {
			t.Fatalf("cuts %d reconnects %d: the test did not cut the link", proxy.Cuts(), sum.Reconnects)
		}
		got := rec.take("team/INBOX")
		if !equalUIDs(got, uidRange(1, 60)) {
			t.Fatalf("fetched uids %v, want 1..60 once each", got)
		}
		if st := stats(t, db); st.Messages != 60 || st.Copies["team"] != 60 {
			t.Fatalf("stored %d messages %d copies, want 60", st.Messages, st.Copies["team"])
		}
	})
}

// TestSyncNeverSetsSeen: a first sync fetches the texts of the recent mail
// (part 1, a text part elsewhere, the HTML beside a blank plain text) and
// the backfill the older mail's; neither leaves a message \Seen. The clock
// is a day after the fixtures, so the recent ones are inside the recent
// window whatever the day the test runs. The in-memory server marks a
// message read on a FETCH without PEEK even in an EXAMINEd folder, so it is
// the one that catches a body section that drops PEEK; Dovecot, which
// keeps an EXAMINEd folder's flags, catches a folder SELECTed for writing
// with a FETCH that is not a PEEK.
func TestSyncNeverSetsSeen(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		old := t0.Add(-90 * 24 * time.Hour) // before the recent window: its text comes with the backfill
		// The INBOX: plain single-part mail (its text is part 1), a
		// multipart/mixed whose plain text is part 1.1, and an alternative
		// whose plain text is encoded blank lines (its text is the HTML,
		// fetched after it); each kind both recent and old.
		appendGen(t, srv, salesUser, "INBOX", 0, 6)
		srv.Append(t, salesUser, "INBOX", seenNestedText("nested-new@acme.example", "Please quote 800 pcs"), t0.Add(10*time.Minute))
		srv.Append(t, salesUser, "INBOX", seenBlankPlain("html-new@acme.example", "Please quote 900 pcs"), t0.Add(11*time.Minute))
		for i := 8; i < 12; i++ {
			srv.Append(t, salesUser, "INBOX", mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain}), old.Add(time.Duration(i)*time.Minute))
		}
		srv.Append(t, salesUser, "INBOX", seenNestedText("nested-old@acme.example", "Please quote 300 pcs"), old)
		srv.Append(t, salesUser, "INBOX", seenBlankPlain("html-old@acme.example", "Please quote 400 pcs"), old)
		appendGen(t, srv, salesUser, "Sent", 6, 7)
		srv.Append(t, salesUser, "Sent", mailtest.GenMessage(7, mailtest.GenOptions{TeamDomain: teamDomain}), old)
		const inbox, sent, waiting = 14, 2, 7

		path := filepath.Join(t.TempDir(), "kw.db")
		db := openStore(t, path)
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(),
			keepwarm.NewManualClock(t0.Add(24*time.Hour)), testLogger(t), mailsync.SyncOptions{})
		syncOnce(t, s)
		if st := stats(t, db); st.Messages != inbox+sent {
			t.Fatalf("stored %d messages, want %d", st.Messages, inbox+sent)
		}
		if p := pendingCount(t, db, "team"); p != waiting {
			t.Fatalf("%d messages wait for their text after the first sync, want the %d old ones", p, waiting)
		}
		rows := storedRows(t, path)
		for key, want := range map[string]string{"nested-new@acme.example": "800 pcs", "html-new@acme.example": "900 pcs"} {
			if r := rows[key]; r.pending || !strings.Contains(r.snippet, want) {
				t.Fatalf("%s: pending %v snippet %q; the first sync did not fetch its text", key, r.pending, r.snippet)
			}
		}
		noneSeen(t, srv, "after the first sync", map[string]int{"INBOX": inbox, "Sent": sent})

		fs, err := s.FillTexts(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if fs.Filled != waiting || pendingCount(t, db, "team") != 0 {
			t.Fatalf("FillTexts = %+v, %d still wait; want %d filled", fs, pendingCount(t, db, "team"), waiting)
		}
		rows = storedRows(t, path)
		for key, want := range map[string]string{"nested-old@acme.example": "300 pcs", "html-old@acme.example": "400 pcs"} {
			if r := rows[key]; !strings.Contains(r.snippet, want) {
				t.Fatalf("%s: snippet %q; the backfill did not fetch its text", key, r.snippet)
			}
		}
		noneSeen(t, srv, "after the backfill", map[string]int{"INBOX": inbox, "Sent": sent})
	})
}

// noneSeen fails the test when a message of the folders has \Seen, or when
// a folder does not hold the count of messages given (so the check never
// runs over nothing).
func noneSeen(t *testing.T, srv mailtest.Server, when string, folders map[string]int) {
	t.Helper()
	for folder, n := range folders {
		flags := mailtest.Flags(t, srv, salesUser, folder)
		if len(flags) != n {
			t.Fatalf("%s holds %d messages, want %d", folder, len(flags), n)
		}
		for uid, fl := range flags {
			if slices.Contains(fl, imap.FlagSeen) {
				t.Errorf("%s uid %d has \\Seen %s", folder, uid, when)
			}
		}
	}
}

// seenNestedText is an inquiry whose plain text is part 1.1: a
// multipart/alternative inside a multipart/mixed with a PDF beside it.
func seenNestedText(id, text string) []byte {
	return []byte(strings.ReplaceAll(`From: Bob <bob@acme.example>
To: `+salesUser+`
Subject: Inquiry with drawing
Date: Mon, 03 Mar 2025 09:00:00 +0000
Message-ID: <`+id+`>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: multipart/alternative; boundary="a"

--a
Content-Type: text/plain; charset=utf-8

`+text+`, see the drawing.
--a
Content-Type: text/html; charset=utf-8

<p>`+text+`, see the drawing.</p>
--a--
--m
Content-Type: application/pdf; name="drawing.pdf"
Content-Disposition: attachment; filename="drawing.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IK
--m--
`, "\n", "\r\n"))
}

// seenBlankPlain is an inquiry whose plain text is blank lines, encoded
// ("=20"), beside the HTML that holds it: long enough to be fetched as the
// text, then found blank, so the HTML is fetched on its own.
func seenBlankPlain(id, text string) []byte {
	return []byte(strings.ReplaceAll(`From: Carla <carla@bellavita.example>
To: `+salesUser+`
Subject: Inquiry
Date: Mon, 03 Mar 2025 09:00:00 +0000
Message-ID: <`+id+`>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

=20
=20
=20
=20
=20
=20
--b
Content-Type: text/html; charset=utf-8

<html><body><p>`+text+` of the tiles.</p></body></html>
--b--
`, "\n", "\r\n"))
}

func TestConfiguredFolderOverride(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		if err := srv.Dial(t, salesUser).Create("Customers/Archive", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		appendGen(t, srv, salesUser, "Customers/Archive", 0, 3)
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.Folders = []mailsync.FolderSpec{{Name: "Customers/Archive", Role: "archive"}}
		sum := syncOnce(t, mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))
		found := false
		for _, f := range sum.Folders {
			if f.Name == "Customers/Archive" {
				found = f.Role == keepwarm.RoleOther && f.Fetched == 3
			}
		}
		if !found {
			t.Fatalf("folders %+v: want Customers/Archive as other with 3 fetched", sum.Folders)
		}

		cfg.Folders = []mailsync.FolderSpec{{Name: "Nope", Role: keepwarm.RoleSent}}
		_, err := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}).Sync(context.Background())
		if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
			t.Fatalf("missing configured folder: err %v, want EINVALID", err)
		}
	})
}

func TestWrongPasswordFailsWithoutRetrying(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.Password = "wrong"
	clock := keepwarm.NewManualClock(t0) // a retry would wait forever on it
	s := mailsync.NewSyncer(cfg, newStore(t), team(), clock, testLogger(t), mailsync.SyncOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.Sync(ctx); err == nil || ctx.Err() != nil {
		t.Fatalf("err %v (ctx %v), want a prompt login failure", err, ctx.Err())
	}
}
