package mailsync_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
)

// TestFetchHeaderAndBodyPrefix checks that sync hands parse exactly the
// header fields parse reads (as BODY[HEADER.FIELDS (...)] gives them) and the
// start of the text, and knows the body's size: for a plain message, for
// ones whose Received lines make the header longer than the fetched prefix
// and than a literal slab's block, and for one whose body is longer than it.
func TestFetchHeaderAndBodyPrefix(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		body := func(n int) string {
			return strings.Repeat("Please quote FOB Ningbo for 2,000 pcs.\r\n", n/40+1)[:n]
		}
		msg := func(id string, extra string, text string) []byte {
			return []byte("From: Bob <bob@acme.example>\r\nTo: " + salesUser + "\r\nSubject: Pumps " + id +
				"\r\nMessage-ID: <" + id + "@acme.example>\r\nDate: Mon, 03 Mar 2025 09:00:00 +0000\r\n" + extra +
				"Content-Type: text/plain; charset=us-ascii\r\n\r\n" + text)
		}
		received := func(size int) string {
			var b strings.Builder
			for i := 0; b.Len() < size; i++ {
				fmt.Fprintf(&b, "Received: from relay%d.example (relay%d.example [192.0.2.%d]) by mx.example with ESMTPS id %d\r\n", i, i, i%250, i)
			}
			return b.String()
		}
		raws := [][]byte{
			msg("short", "", body(300)),
			msg("longheader", received(40<<10), body(5000)),
			msg("hugeheader", received(100<<10), body(5000)), // larger than a literal slab takes

			msg("longbody", "", body(60<<10)),
			msg("nobody", "", ""),
		}
		for _, r := range raws {
			srv.Append(t, salesUser, "INBOX", r, t0)
		}
		cs := &captureStore{}
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t),
			mailsync.SyncOptions{BatchSize: 10, BodyPrefix: 4096, RecentText: -1})
		if _, err := s.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(cs.got) != len(raws) {
			t.Fatalf("synced %d messages; want %d", len(cs.got), len(raws))
		}
		for i, in := range cs.got {
			raw := raws[i]
			wholeHeader := raw[:bytes.Index(raw, []byte("\r\n\r\n"))+4]
			if want := headerFieldsOf(wholeHeader, parse.HeaderFields); !bytes.Equal(in.Message.RawHeader, want) {
				t.Errorf("message %d: raw header %q; want the fields read %q", i, clipText(string(in.Message.RawHeader)), clipText(string(want)))
			}
			if want := int64(len(raw) - len(wholeHeader)); in.Message.BodySize != want && len(raw) > len(wholeHeader) {
				t.Errorf("message %d: body size %d; want %d", i, in.Message.BodySize, want)
			}
			if in.Message.ParseError != "" {
				t.Errorf("message %d: parse error %q", i, in.Message.ParseError)
			}
			text := strings.Join(strings.Fields(string(raw[len(wholeHeader):])), " ")
			if want := text[:min(len(text), 2048)]; !strings.HasPrefix(want, in.Message.Snippet) || len(in.Message.Snippet) < min(len(want), 2000) {
				t.Errorf("message %d: snippet %d bytes %q; want the first %d bytes of the text", i, len(in.Message.Snippet), clipText(in.Message.Snippet), len(want))
			}
		}
	})
}

func clipText(s string) string { return s[:min(len(s), 60)] }

// headerRead prints what parse and classify read from a message's header.
func headerRead(m keepwarm.Message) string {
	return fmt.Sprintf("key %q id %q in-reply-to %q refs %q thread-index %q topic %q\nfrom %v to %v cc %v subject %q date %v\nkind %s customer %q contacts %v bounced %q until %v new contact %q",
		m.Key, m.MessageID, m.InReplyTo, m.References, m.ThreadIndex, m.ThreadTopic,
		m.From, m.To, m.Cc, m.Subject, m.Date, m.Kind, m.CustomerKey, m.Contacts, m.BouncedRecipient, m.AutoReplyUntil, m.NewContact)
}

// headerFieldsOf is what BODY[HEADER.FIELDS (fields)] gives of a header
// block: its fields of those names (any case), in order, folded lines and
// all, then the blank line.
func headerFieldsOf(header []byte, fields []string) []byte {
	var out []byte
	keep := false
	for _, line := range bytes.SplitAfter(header, []byte("\r\n")) {
		if len(line) == 0 || string(line) == "\r\n" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := bytes.Cut(line, []byte(":"))
			keep = slices.ContainsFunc(fields, func(f string) bool { return strings.EqualFold(f, string(bytes.TrimSpace(name))) })
		}
		if keep {
			out = append(out, line...)
		}
	}
	return append(out, "\r\n"...)
}

// captureStore keeps every Incoming handed to it, and folder positions.
type captureStore struct {
	discardStore
	mu  sync.Mutex
	got []keepwarm.Incoming
}

func (c *captureStore) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	c.mu.Lock()
	c.got = append(c.got, batch...)
	c.mu.Unlock()
	return c.discardStore.SaveBatch(ctx, st, batch)
}

// TestFetchTextPartOfExportMail syncs the realistic mix (multipart mail,
// attachments, GBK/Big5, bounces, automatic replies) and checks every
// message against a parse of the start of its whole body, as sync fetched
// it before it asked for text parts by number: the same kind, return date,
// bounced address, subject and sender; a snippet and kept text that begin
// as those did (the text part alone gives as much text or more); and the
// attachments those had, first among all of the message's.
//
// It does so three times: with every text fetched at once (no recent
// window); with the whole history older than the window, where ordinary
// incoming, internal and list mail is stored from its header alone
// (TextPending: no snippet, no attachments yet) and the rest with its text;
// and with the window's start in the middle of the history, where the
// recent half comes with its text. Whatever is read from a header-only
// message must equal what the whole parse reads. The last two read the
// history's headers on one connection and its texts on a second.
func TestFetchTextPartOfExportMail(t *testing.T) {
	const n = 190
	for _, tc := range []struct {
		name   string
		recent time.Duration
		now    time.Time
		two    bool
	}{
		{"all texts", -1, t0, false},
		{"history", 0, t0.Add(90 * 24 * time.Hour), false},
		{"half recent", time.Hour, t0.Add(n / 2 * time.Minute).Add(time.Hour), false},
		{"history on two connections", 0, t0.Add(90 * 24 * time.Hour), true},
		{"half recent on two connections", time.Hour, t0.Add(n / 2 * time.Minute).Add(time.Hour), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.two {
				t.Cleanup(mailsync.SetSecondConnFrom(1))
			}
			testFetchExportMail(t, n, tc.recent, tc.now, tc.two)
		})
	}
}

func testFetchExportMail(t *testing.T, n int, recent time.Duration, now time.Time, two bool) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}
		raws := appendHistory(t, srv, salesUser, n, n)
		arrived := historyArrival
		cs := &captureStore{}
		cfg := mailboxConfig(srv, "team", salesUser)
		proxy := mailtest.NewCutProxy(t, srv.Addr(), 1<<40) // counts the connections, cuts none
		cfg.URL.Host = proxy.Addr()
		s := mailsync.NewSyncer(cfg, cs, team(), keepwarm.NewManualClock(now), testLogger(t),
			mailsync.SyncOptions{BatchSize: 50, BodyPrefix: 4096, RecentText: recent})
		if _, err := s.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(cs.got) != n {
			t.Fatalf("synced %d of %d", len(cs.got), n)
		}
		if want := map[bool]int{false: 1, true: 2}[two && recent >= 0]; proxy.Conns() != want {
			t.Errorf("%d connections; want %d", proxy.Conns(), want)
		}
		cutoff := now.Add(-recent)
		if recent == 0 {
			cutoff = now.Add(-30 * 24 * time.Hour)
		}
		kinds := map[keepwarm.Kind]int{}
		withAttachments, pending := 0, 0
		for i, in := range cs.got {
			got := in.Message
			raw := raws[i]
			end := bytes.Index(raw, []byte("\r\n\r\n")) + 4
			body := raw[end:]
			want := team().Parse(raw[:end], body[:min(len(body), 4096)], int64(len(raw)), keepwarm.RoleInbox)
			kinds[got.Kind]++
			old := recent >= 0 && arrived(i).Before(cutoff)
			switch mayWait := old && !team().NeedsText(&want); {
			case got.TextPending != mayWait:
				t.Errorf("message %d (%s, %s, arrived %v, window from %v): TextPending %v; want %v", i, mailtest.ExportKind(i, opts),
					want.Kind, arrived(i), cutoff, got.TextPending, mayWait)
			case mayWait:
				pending++
				if got.Snippet != "" || got.Text != "" || len(got.Attachments) > 0 || got.ParseError != "" {
					t.Errorf("message %d: header-only message with snippet %q, text %q, attachments %v, parse error %q",
						i, clipText(got.Snippet), clipText(got.Text), got.Attachments, got.ParseError)
				}
				if got.Kind != want.Kind || got.CustomerKey != want.CustomerKey || !slices.Equal(got.Contacts, want.Contacts) ||
					!slices.Equal(got.InReplyTo, want.InReplyTo) || got.BouncedRecipient != want.BouncedRecipient || !got.AutoReplyUntil.Equal(want.AutoReplyUntil) {
					t.Errorf("message %d (%s): from the header alone %s %q %v %v; whole %s %q %v %v", i, mailtest.ExportKind(i, opts),
						got.Kind, got.CustomerKey, got.Contacts, got.InReplyTo, want.Kind, want.CustomerKey, want.Contacts, want.InReplyTo)
				}
				if g, w := headerRead(got), headerRead(want); g != w {
					t.Errorf("message %d (%s): from the header\n%s\nwant\n%s", i, mailtest.ExportKind(i, opts), g, w)
				}
				continue
			}
			if got.Kind != want.Kind || !got.AutoReplyUntil.Equal(want.AutoReplyUntil) || got.BouncedRecipient != want.BouncedRecipient ||
				got.Subject != want.Subject || got.From != want.From || got.CustomerKey != want.CustomerKey {
				t.Errorf("message %d (%s): got %s %v %q %q %v %q; want %s %v %q %q %v %q", i, mailtest.ExportKind(i, opts),
					got.Kind, got.AutoReplyUntil, got.BouncedRecipient, got.Subject, got.From, got.CustomerKey,
					want.Kind, want.AutoReplyUntil, want.BouncedRecipient, want.Subject, want.From, want.CustomerKey)
			}
			// Everything read from the header, fetched as the fields read
			// (BODY[HEADER.FIELDS]) here and whole for want.
			if g, w := headerRead(got), headerRead(want); g != w {
				t.Errorf("message %d (%s): from the header\n%s\nwant\n%s", i, mailtest.ExportKind(i, opts), g, w)
			}
			if !strings.HasPrefix(got.Snippet, want.Snippet) || got.Snippet == "" {
				t.Errorf("message %d (%s): snippet\n%q\ndoes not begin with\n%q", i, mailtest.ExportKind(i, opts), clipText(got.Snippet), clipText(want.Snippet))
			}
			if w := want.Text; w != "" {
				if j := strings.LastIndexByte(w, '\n'); want.TextCut && j > 0 {
					w = w[:j] // the cut line may end anywhere
				}
				if !strings.HasPrefix(got.Text, w) {
					t.Errorf("message %d: text %q does not begin with %q", i, clipText(got.Text), clipText(w))
				}
			}
			if len(got.Attachments) < len(want.Attachments) || !slices.Equal(got.Attachments[:len(want.Attachments)], want.Attachments) {
				t.Errorf("message %d: attachments %v; want %v first", i, got.Attachments, want.Attachments)
			}
			if mailtest.ExportKind(i, opts) == "mixed" && len(got.Attachments) == 0 {
				t.Errorf("message %d: a multipart/mixed message without its attachments", i)
			}
			if len(got.Attachments) > 0 {
				withAttachments++
			}
			if got.ParseError != "" {
				t.Errorf("message %d: parse error %q", i, got.ParseError)
			}
		}
		t.Logf("kinds %v, %d with attachments, %d with the text to follow", kinds, withAttachments, pending)
		switch {
		case recent < 0 && pending > 0:
			t.Errorf("%d messages without their text; the window is off", pending)
		case recent >= 0 && pending == 0:
			t.Errorf("no message waits for its text")
		}
		for _, k := range []keepwarm.Kind{keepwarm.KindInbound, keepwarm.KindOutbound, keepwarm.KindAutoReply, keepwarm.KindBounce, keepwarm.KindBulk} {
			if kinds[k] == 0 {
				t.Errorf("no %s message in the mix", k)
			}
		}
	})
}

// TestCopiesWithOtherHeadersAreOneMessage: the same mail in two mailboxes,
// each server's Received lines in front of it, is one message with two
// copies after sync, although sync fetches only the header fields keepwarm
// reads (so the raw headers no longer differ by those lines): the body's
// size comes from the BODYSTRUCTURE where it says it, and is left out where
// it does not (multipart).
func TestCopiesWithOtherHeadersAreOneMessage(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		srv.AddUser(t, lilyUser, password)
		opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}
		var raws [][]byte
		for i := 0; len(raws) < 12; i++ {
			if k := mailtest.ExportKind(i, opts); k == "plain" || k == "alternative" || k == "mixed" {
				raws = append(raws, mailtest.GenExport(i, opts))
			}
		}
		db := newStore(t)
		for u, user := range []string{salesUser, lilyUser} {
			for i, raw := range raws {
				relay := fmt.Sprintf("Received: from mx%d.%s by imap.%s; Mon, 3 Mar 2025 09:00:%02d +0000\r\n", u, teamDomain, teamDomain, i)
				srv.Append(t, user, "INBOX", append([]byte(strings.Repeat(relay, 1+2*u)), raw...), t0.Add(time.Duration(i)*time.Minute))
			}
			s := mailsync.NewSyncer(mailboxConfig(srv, user, user), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
			if _, err := s.Sync(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		st, err := db.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Messages != len(raws) || st.Flagged != 0 || st.Copies[salesUser] != len(raws) || st.Copies[lilyUser] != len(raws) {
			t.Errorf("stored %d messages (%d flagged), copies %v; want %d messages with a copy in each mailbox", st.Messages, st.Flagged, st.Copies, len(raws))
		}
	})
}

// A server that refuses a second connection (Dovecot allowing two per user
// and address, one of them the salesperson's phone) gets the history's
// texts over the one connection: the sync is whole, and the log says why.
func TestHistoryOnOneConnectionWhenASecondIsRefused(t *testing.T) {
	t.Cleanup(mailsync.SetSecondConnFrom(1))
	srv := mailtest.StartDovecotLimited(t, 2)
	srv.AddUser(t, salesUser, password)
	opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 40}
	const n = 120
	var raws [][]byte
	for i := range n {
		raws = append(raws, mailtest.GenExport(i, opts))
	}
	// The phone appends the mail and stays logged in through the sync: a
	// connection that logged out could still count for a moment.
	phone := srv.Dial(t, salesUser)
	mailtest.AppendMany(t, phone, "INBOX", raws, historyArrival)
	var logged bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logged, mu: &mu}, nil))
	cs := &captureStore{}
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.NewManualClock(t0.Add(90*24*time.Hour)), log,
		mailsync.SyncOptions{BatchSize: 50})
	if _, err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = phone.Logout().Wait()
	pending := 0
	for _, in := range cs.got {
		if in.Message.TextPending {
			pending++
		}
	}
	if len(cs.got) != n || pending == 0 || pending == n {
		t.Fatalf("synced %d of %d, %d waiting for their text", len(cs.got), n, pending)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logged.String(), "one connection: a second login failed") {
		t.Errorf("the log does not say the sync went on over one connection:\n%s", logged.String())
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// A history read over two connections whose second (the texts') dies
// mid-fetch: the sync reconnects and finishes, every message stored once,
// the old mail waiting for its text and the rest with it.
func TestHistorySecondConnectionDropped(t *testing.T) {
	t.Cleanup(mailsync.SetSecondConnFrom(1))
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n = 190
		appendHistory(t, srv, salesUser, n, n)
		proxy := mailtest.NewCutProxyAt(t, srv.Addr(), 60_000, 2)
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.URL.Host = proxy.Addr()
		db := newStore(t)
		// The second half is inside the window: the texts' connection
		// carries its bodies past the cut.
		now := historyArrival(n / 2).Add(time.Hour)
		// A clock that runs (from now): the reconnect's backoff waits on it.
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewOffsetClock(now), testLogger(t),
			mailsync.SyncOptions{BatchSize: 50, RecentText: time.Hour, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond})
		sum, err := s.Sync(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if proxy.Cuts() != 1 || sum.Reconnects == 0 {
			t.Fatalf("cuts %d, reconnects %d: want the second connection cut and the sync reconnected", proxy.Cuts(), sum.Reconnects)
		}
		if st := stats(t, db); st.Messages != n {
			t.Fatalf("stored %d messages; want %d", st.Messages, n)
		}
		rows := storedRows(t, db.Path())
		pending, withText := 0, 0
		for _, r := range rows {
			switch {
			case r.pending:
				pending++
			case r.snippet != "":
				withText++
			}
		}
		if pending == 0 || withText < n/2-10 {
			t.Errorf("%d waiting for their text, %d with it, of %d", pending, withText, n)
		}
	})
}

// A first sync cut off mid-history and resumed on a new connection goes on
// reading the history header-first: the old mail of the rest waits for its
// text as it would have without the cut, rather than coming whole.
func TestHistoryResumedAfterADropStillHeaderFirst(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n = 190
		appendHistory(t, srv, salesUser, n, n)
		now := historyArrival(n).Add(90 * 24 * time.Hour)
		pending := func(cfg mailsync.MailboxConfig) (int, mailsync.Summary) {
			t.Helper()
			db := newStore(t)
			// A clock that runs (from now): the reconnect's backoff waits on it.
			s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewOffsetClock(now), testLogger(t),
				mailsync.SyncOptions{BatchSize: 20, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond})
			sum, err := s.Sync(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st := stats(t, db); st.Messages != n {
				t.Fatalf("stored %d messages; want %d", st.Messages, n)
			}
			return pendingCount(t, db, "team"), sum
		}
		want, _ := pending(mailboxConfig(srv, "team", salesUser))
		proxy := mailtest.NewCutProxy(t, srv.Addr(), 30_000)
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.URL.Host = proxy.Addr()
		got, sum := pending(cfg)
		if proxy.Cuts() != 1 || sum.Reconnects == 0 {
			t.Fatalf("cuts %d, reconnects %d: want the first connection cut mid-history", proxy.Cuts(), sum.Reconnects)
		}
		if want == 0 || got != want {
			t.Errorf("%d messages wait for their text after a resumed sync; %d without the cut", got, want)
		}
	})
}
