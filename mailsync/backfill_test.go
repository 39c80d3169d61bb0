package mailsync_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// historyNow is a clock 90 days after t0: a history appended from t0 on is
// older than the recent window (30 days).
var historyNow = t0.Add(90 * 24 * time.Hour)

// appendHistory appends n messages of realistic export mail, inbound and
// outbound, arriving a minute apart from t0 (historyArrival): the first
// inbox of them to INBOX, the rest to Sent. It returns them in that order.
func appendHistory(t *testing.T, srv mailtest.Server, user string, n, inbox int) [][]byte {
	t.Helper()
	opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}
	var in, sent [][]byte
	for i := range n {
		if i < inbox {
			in = append(in, mailtest.GenExport(i, opts))
		} else {
			sent = append(sent, mailtest.GenExport(i, opts))
		}
	}
	c := srv.Dial(t, user)
	mailtest.AppendMany(t, c, "INBOX", in, historyArrival)
	if len(sent) > 0 {
		mailtest.AppendMany(t, c, "Sent", sent, func(i int) time.Time { return historyArrival(inbox + i) })
	}
	_ = c.Logout().Wait()
	return append(in, sent...)
}

// historyArrival is when appendHistory's message i arrived.
func historyArrival(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) }

// storedRow is what the backfill must make of a message: its text (the
// snippet, the attachments, the parse error, the body's size and an
// outbound message's kept text) and what its header gave (kind, customer,
// the thread, told by the key of its first message).
type storedRow struct {
	kind, customer, thread                     string
	snippet, attachments, parseError, keptText string
	bodySize                                   int64
	cut, pending                               bool
}

func (r storedRow) String() string {
	return fmt.Sprintf("%s %s thread %s pending %v\n  snippet %q\n  attachments %q parse error %q body %d\n  kept text %q cut %v",
		r.kind, r.customer, r.thread, r.pending, clipText(r.snippet), r.attachments, r.parseError, r.bodySize, clipText(r.keptText), r.cut)
}

// storedRows reads every message of the database at path, by key.
func storedRows(t *testing.T, path string) map[string]storedRow {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.key, m.kind, coalesce(c.key, ''),
		(SELECT f.key FROM messages f WHERE f.thread_id = m.thread_id ORDER BY f.id LIMIT 1),
		m.snippet, m.attachments, m.parse_error, coalesce(m.body_size, -1),
		coalesce(mt.text, ''), coalesce(mt.cut, 0), m.text_pending
		FROM messages m LEFT JOIN customers c ON c.id = m.customer_id
		LEFT JOIN message_texts mt ON mt.message_id = m.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]storedRow{}
	for rows.Next() {
		var key string
		var r storedRow
		if err := rows.Scan(&key, &r.kind, &r.customer, &r.thread, &r.snippet, &r.attachments, &r.parseError, &r.bodySize,
			&r.keptText, &r.cut, &r.pending); err != nil {
			t.Fatal(err)
		}
		out[key] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// execSQL runs a statement on the database at path (as another process
// would).
func execSQL(t *testing.T, path, query string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(query)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res.RowsAffected()
	return n
}

func pendingCount(t *testing.T, db *store.DB, mailbox string) int {
	t.Helper()
	n, err := db.CountPendingTexts(context.Background(), mailbox)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBackfillEqualsWholeSync: a history synced with the recent window
// (every message older than it) and then backfilled to the end is, message
// by message, what a sync of every text at once stores: the same
// snippets, attachments, parse errors, body sizes and kept texts, and the
// same kinds, customers and threads, which the backfill never touches.
// The team's own mail waits too, so its kept texts come with the backfill.
func TestBackfillEqualsWholeSync(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n, inbox = 190, 150
		appendHistory(t, srv, salesUser, n, inbox)
		ctx := context.Background()
		cfg := mailboxConfig(srv, "team", salesUser)

		wholePath := filepath.Join(t.TempDir(), "whole.db")
		whole := openStore(t, wholePath)
		if _, err := mailsync.NewSyncer(cfg, whole, team(), keepwarm.NewManualClock(historyNow), testLogger(t),
			mailsync.SyncOptions{BatchSize: 50, RecentText: -1}).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if p := pendingCount(t, whole, ""); p != 0 {
			t.Fatalf("a sync with every text left %d waiting", p)
		}

		path := filepath.Join(t.TempDir(), "history.db")
		db := openStore(t, path)
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(historyNow), testLogger(t), mailsync.SyncOptions{BatchSize: 50})
		if _, err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		waiting := pendingCount(t, db, "team")
		before := storedRows(t, path)
		outbound := 0
		for _, r := range before {
			if r.kind == string(keepwarm.KindOutbound) && r.pending && r.keptText == "" {
				outbound++
			}
		}
		if waiting < n/2 || outbound == 0 {
			t.Fatalf("%d of %d messages wait for their text (%d outbound): the history was not stored from headers", waiting, n, outbound)
		}

		fs, err := s.FillTexts(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if fs.Filled != waiting || fs.Gone != 0 || fs.Left != 0 {
			t.Errorf("FillTexts = %+v; want %d filled, none gone or left", fs, waiting)
		}
		if p := pendingCount(t, db, ""); p != 0 {
			t.Errorf("%d messages still wait", p)
		}
		got, want := storedRows(t, path), storedRows(t, wholePath)
		if len(got) != n || len(want) != n {
			t.Fatalf("stored %d and %d messages; want %d", len(got), len(want), n)
		}
		texts, attachments := 0, 0
		for key, w := range want {
			g := got[key]
			if g != w {
				t.Errorf("%s: backfilled\n%v\nwhole sync\n%v", key, g, w)
			}
			b := before[key]
			if b.kind != g.kind || b.customer != g.customer || b.thread != g.thread {
				t.Errorf("%s: the backfill changed %s %s %s into %s %s %s", key, b.kind, b.customer, b.thread, g.kind, g.customer, g.thread)
			}
			if b.pending {
				if g.keptText != "" {
					texts++
				}
				if g.attachments != "" {
					attachments++
				}
			}
		}
		if texts == 0 || attachments == 0 {
			t.Errorf("the backfill filled %d kept texts and %d messages' attachments: the mix has none", texts, attachments)
		}
		// Nothing left: another fill does nothing.
		if fs, err := s.FillTexts(ctx, 0); err != nil || fs.Filled != 0 || fs.Left != 0 {
			t.Errorf("second FillTexts = %+v, %v", fs, err)
		}
	})
}

// TestBackfillSkipsExpunged: waiting messages expunged from the server
// before the backfill reads them do not stall it. Their copies are marked
// gone and not asked for again; such a message stops waiting (with no
// snippet) unless another copy can still give its text.
func TestBackfillSkipsExpunged(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n = 60
		appendHistory(t, srv, salesUser, n, n)
		ctx := context.Background()
		db := newStore(t)
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t),
			mailsync.SyncOptions{BatchSize: 10})
		if _, err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		waiting := pendingCount(t, db, "team")
		if waiting == 0 {
			t.Fatal("nothing waits for its text")
		}
		// Expunge the waiting messages of every third UID.
		pend, err := db.PendingTexts(ctx, "team", "INBOX", uidValidity(t, db, "team", "INBOX"), n)
		if err != nil {
			t.Fatal(err)
		}
		var set imap.UIDSet
		expunged := map[int64]bool{}
		for i, p := range pend {
			if i%3 == 0 {
				set.AddNum(imap.UID(p.UID))
				expunged[p.MessageID] = true
			}
		}
		c := srv.Dial(t, salesUser)
		if _, err := c.Select("INBOX", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		if err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Expunge().Close(); err != nil {
			t.Fatal(err)
		}
		_ = c.Logout().Wait()

		done := make(chan struct{})
		var fs mailsync.FillSummary
		go func() {
			defer close(done)
			fs, err = s.FillTexts(ctx, 0)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the backfill did not finish with expunged messages among the waiting")
		}
		if err != nil {
			t.Fatal(err)
		}
		if fs.Gone != len(expunged) || fs.Filled != waiting-len(expunged) || fs.Left != 0 {
			t.Errorf("FillTexts = %+v; want %d filled, %d gone, none left", fs, waiting-len(expunged), len(expunged))
		}
		for id := range expunged {
			m, err := db.GetMessage(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if m.TextPending || m.Snippet != "" {
				t.Errorf("expunged message %d: pending %v, snippet %q", id, m.TextPending, m.Snippet)
			}
		}
		if fs, err := s.FillTexts(ctx, 0); err != nil || fs.Filled+fs.Gone+fs.Left != 0 {
			t.Errorf("second FillTexts = %+v, %v", fs, err)
		}
	})
}

func uidValidity(t *testing.T, db *store.DB, mailbox, folder string) uint32 {
	t.Helper()
	st, err := db.FolderState(context.Background(), mailbox, folder)
	if err != nil {
		t.Fatal(err)
	}
	return st.UIDValidity
}

// TestFillTextsBudget: FillTexts stops between batches once its budget
// has passed, and says how many texts are left.
func TestFillTextsBudget(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendHistory(t, srv, salesUser, 80, 80)
		ctx := context.Background()
		db := newStore(t)
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t),
			mailsync.SyncOptions{BatchSize: 5})
		if _, err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		waiting := pendingCount(t, db, "team")
		fs, err := s.FillTexts(ctx, time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		// The budget is checked between batches: one batch goes.
		if fs.Filled != 5 || fs.Left != waiting-5 {
			t.Errorf("FillTexts with no time = %+v; want one batch (5) filled of %d", fs, waiting)
		}
	})
}

// TestRunBackfillsAfterCatchingUp: the daemon fills the texts of a
// history once it has caught up, a batch at a time, and new mail that
// arrives meanwhile is stored at once, before the rest of the backfill.
func TestRunBackfillsAfterCatchingUp(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n = 400
		appendHistory(t, srv, salesUser, n, n)
		db := newStore(t)
		var mu sync.Mutex
		stored, leftAtNewMail := 0, -1 // new messages stored; texts waiting when the last was
		// Small batches: the backfill takes some 70 of them, the new mail
		// must come within one.
		opts := mailsync.SyncOptions{BatchSize: 3, PollInterval: time.Hour}
		opts.OnIngest = func(r keepwarm.SaveResult) {
			left, _ := db.CountPendingTexts(context.Background(), "team")
			mu.Lock()
			defer mu.Unlock()
			stored += r.New
			if stored == n+1 {
				leftAtNewMail = left
			}
		}
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t), opts)
		defer runInBackground(t, s)()
		waitFor(t, func() bool { return stats(t, db).Messages == n })
		waiting := pendingCount(t, db, "team")
		if waiting == 0 {
			t.Fatal("nothing waits for its text")
		}
		// New mail once the backfill is under way.
		waitFor(t, func() bool { return pendingCount(t, db, "team") < waiting })
		srv.Append(t, salesUser, "INBOX", mailtest.GenExport(n, mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}), historyNow)
		arrived := time.Now()
		waitFor(t, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return leftAtNewMail >= 0
		})
		took := time.Since(arrived)
		mu.Lock()
		left := leftAtNewMail
		mu.Unlock()
		if left == 0 || left >= waiting {
			t.Errorf("the new message was stored with %d of %d texts left; want it stored while the backfill was under way", left, waiting)
		}
		t.Logf("new mail stored %v after it arrived, %d of %d texts still to fill", took, left, waiting)
		waitFor(t, func() bool { return pendingCount(t, db, "team") == 0 })
		var filled int
		for _, r := range storedRows(t, db.Path()) {
			if r.snippet != "" {
				filled++
			}
		}
		if filled < n/2 {
			t.Errorf("%d of %d messages have a snippet after the backfill", filled, n+1)
		}
	})
}

// logRecorder keeps the messages of the log records it handles.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

func (l *logRecorder) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if m == msg {
			n++
		}
	}
	return n
}

// TestRunBackfillDoesNotLoopOnTextsItCannotGet: texts whose only copies
// are in a folder Run no longer syncs cannot be fetched; once a round over
// the folders has filled the rest, later polls do not start it again.
func TestRunBackfillDoesNotLoopOnTextsItCannotGet(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendHistory(t, srv, salesUser, 30, 30)
		c := srv.Dial(t, salesUser)
		if err := c.Create("Archive", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}
		var archived [][]byte
		for i := 100; i < 120; i++ {
			archived = append(archived, mailtest.GenExport(i, opts))
		}
		mailtest.AppendMany(t, c, "Archive", archived, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) })
		_ = c.Logout().Wait()

		db := newStore(t)
		clock := keepwarm.NewManualClock(historyNow)
		cfg := mailboxConfig(srv, "team", salesUser)
		withArchive := cfg
		withArchive.Folders = []mailsync.FolderSpec{{Name: "Archive", Role: keepwarm.RoleOther}}
		if _, err := mailsync.NewSyncer(withArchive, db, team(), clock, testLogger(t), mailsync.SyncOptions{BatchSize: 10}).Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		inArchive := execSQL(t, db.Path(), `UPDATE messages SET snippet = snippet WHERE text_pending = 1 AND id IN
			(SELECT message_id FROM message_copies WHERE folder = 'Archive')`)
		if inArchive == 0 || pendingCount(t, db, "team") == int(inArchive) {
			t.Fatalf("%d of %d waiting texts in Archive: want some in INBOX and some in Archive", inArchive, pendingCount(t, db, "team"))
		}

		logs := &logRecorder{}
		s := mailsync.NewSyncer(cfg, db, team(), clock, slog.New(logs), mailsync.SyncOptions{BatchSize: 10, PollInterval: time.Minute})
		defer runInBackground(t, s)()
		waitFor(t, func() bool { return logs.count("text backfill: texts left that no folder synced here gave") == 1 })
		if left := pendingCount(t, db, "team"); left != int(inArchive) {
			t.Errorf("%d texts left; want the %d in Archive", left, inArchive)
		}
		for i := 1; i <= 3; i++ {
			clock.Advance(time.Minute)
			waitFor(t, func() bool { return logs.count("synced") >= i+1 })
		}
		if n := logs.count("text backfill: texts of older messages to fetch"); n != 1 {
			t.Errorf("the backfill started %d times; want once", n)
		}
		if n := logs.count("text backfill started"); n != 1 {
			t.Errorf("%d folders' backfill started; want INBOX's once", n)
		}
	})
}

// TestBackfillExaminesNotEveryBatch: the backfill looks for new mail (a
// folder's sync, an EXAMINE the server pays for in proportion to the
// folder's size) at most once a second, not before each batch: a large
// folder's backfill stays linear.
func TestBackfillExaminesNotEveryBatch(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendHistory(t, srv, salesUser, 120, 80)
		ctx := context.Background()
		db := newStore(t)
		var examines atomic.Int32
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &examineCounter{Conn: c, n: &examines}, nil
		}
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewManualClock(historyNow), testLogger(t),
			mailsync.SyncOptions{BatchSize: 5})
		if _, err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		waiting := pendingCount(t, db, "team")
		examines.Store(0)
		start := time.Now()
		fs, err := s.FillTexts(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		batches := (waiting + 4) / 5
		// Two folders, each examined once to begin with, and once more a
		// second.
		limit := 2 + 2*int(time.Since(start)/time.Second)
		if fs.Filled != waiting || fs.Left != 0 || batches < 10 {
			t.Fatalf("filled %+v of %d", fs, waiting)
		}
		if n := int(examines.Load()); n > limit {
			t.Errorf("%d EXAMINEs for %d batches in %v; want at most %d", n, batches, time.Since(start).Round(time.Millisecond), limit)
		}
	})
}

// examineCounter counts the EXAMINE commands a client writes.
type examineCounter struct {
	net.Conn
	n *atomic.Int32
}

func (c *examineCounter) Write(p []byte) (int, error) {
	c.n.Add(int32(bytes.Count(p, []byte(" EXAMINE "))))
	return c.Conn.Write(p)
}

// TestBackfillGoesOnPastRefusedText: the server refuses to give one
// waiting message's text (Gmail's NO for a message it cannot serve) after
// its header was stored. The backfill does not ask for the same refused
// batch session after session: it fills every other text, and the refused
// message stops waiting, flagged with the server's answer, so nothing that
// waits for texts (a greeting written in the language of the team's latest
// mail) waits on it for ever.
func TestBackfillGoesOnPastRefusedText(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	const n = 30
	appendHistory(t, srv, salesUser, n, 10) // 20 in Sent
	ctx := context.Background()
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t),
		mailsync.SyncOptions{BatchSize: 8})
	if _, err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waiting := pendingCount(t, db, "team")
	uv := uidValidity(t, db, "team", "Sent")
	pend, err := db.PendingTexts(ctx, "team", "Sent", uv, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) < 10 {
		t.Fatalf("%d of Sent's messages wait for their text", len(pend))
	}
	// Among the newest: in the backfill's first batch of the folder.
	bad := pend[2]
	srv.RefuseFetch("Sent", bad.UID, gmailRefusal)

	for range 2 { // two sessions: the second has nothing left to do
		if _, err := s.FillTexts(ctx, 0); err != nil {
			t.Fatal(err)
		}
	}
	if left := pendingCount(t, db, ""); left != 0 {
		t.Fatalf("%d of %d texts still wait after two sessions; want none", left, waiting)
	}
	var withSnippet int
	for _, r := range storedRows(t, db.Path()) {
		if r.snippet != "" {
			withSnippet++
		}
	}
	if withSnippet < waiting-1 {
		t.Errorf("%d messages have a snippet; want the %d filled", withSnippet, waiting-1)
	}
	m, err := db.GetMessage(ctx, bad.MessageID)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("the server refused FETCH: NO %s (folder Sent, UID %d)", gmailRefusal, bad.UID)
	if m.TextPending || m.Snippet != "" || m.ParseError != want {
		t.Errorf("refused message: pending %v, snippet %q, parse error %q; want flagged %q", m.TextPending, m.Snippet, m.ParseError, want)
	}
	fl, err := db.FlaggedMessages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fl) != 1 || fl[0].ID != bad.MessageID {
		t.Errorf("flagged %+v; want the refused message alone", fl)
	}
}
