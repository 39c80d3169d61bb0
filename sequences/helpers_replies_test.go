package sequences_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
	"keepwarm/store"
)

const (
	teamDomain = "acme-export.com"
	salesUser  = "sales@" + teamDomain // the team mailbox, owned by the manager
	lilyUser   = "lily@" + teamDomain
	tomUser    = "tom@" + teamDomain
	boss       = "boss@" + teamDomain
	pw         = "s3cret"
	notifyFrom = "keepwarm@" + teamDomain
)

// t0 is Monday 2 November 2026, 09:00 in Shanghai.
var t0 = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

// world is a team of three mailboxes on a real IMAP server, a real SMTP
// server for the nudges, a store, and a reply watch on a manual clock.
type world struct {
	t       *testing.T
	srv     mailtest.Server
	smtp    *mailtest.SMTPServer
	db      *store.DB
	clock   *keepwarm.ManualClock
	syncers []*mailsync.Syncer
	watch   *sequences.ReplyWatch
	engine  *sequences.Engine
	disp    *mailsync.Dispatcher
	sender  *mailsync.Sender
	queued  chan struct{} // signalled by OnQueued
	log     *slog.Logger  // the reply watch's; an option may set it
}

func testLog() *slog.Logger {
	if os.Getenv("KEEPWARM_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func newWorld(t *testing.T, srv mailtest.Server, escalate bool, opts ...func(*world, *sequences.ReplyConfig)) *world {
	t.Helper()
	w := &world{t: t, srv: srv, smtp: mailtest.NewSMTPServer(t), clock: keepwarm.NewManualClock(t0),
		queued: make(chan struct{}, 100)}
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w.db = db
	owners := map[string]string{"team": boss, "lily": lilyUser, "tom": tomUser}
	team := parse.NewTeam([]string{teamDomain}, []string{salesUser, lilyUser, tomUser, boss}, []string{"gmail.com"})
	for name, user := range map[string]string{"team": salesUser, "lily": lilyUser, "tom": tomUser} {
		srv.AddUser(t, user, pw)
		cfg := mailsync.MailboxConfig{Name: name, Owner: owners[name], URL: srv.URL(), Username: user, Password: pw}
		w.syncers = append(w.syncers, mailsync.NewSyncer(cfg, db, team, w.clock, testLog(), mailsync.SyncOptions{}))
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	cfg := sequences.ReplyConfig{
		Escalate: escalate, Manager: boss,
		People:        map[string]string{lilyUser: lilyUser, tomUser: tomUser, boss: boss, salesUser: boss},
		Team:          map[string]bool{lilyUser: true, tomUser: true, boss: true},
		MailboxOwners: owners,
		DefaultHours:  sequences.DefaultWorkHours(shanghai),
		NotifyMailbox: "notify", NotifyFrom: keepwarm.Address{Name: "keepwarm", Email: notifyFrom},
		WebURL: "https://kw.example/",
		OnQueued: func() {
			select {
			case w.queued <- struct{}{}:
			default:
			}
		},
	}
	for _, o := range opts {
		o(w, &cfg)
	}
	if w.log == nil {
		w.log = testLog()
	}
	w.watch = sequences.NewReplyWatch(cfg, db, w.log)
	w.engine = sequences.NewEngine(w.clock, testLog(), w.watch)
	accounts := []mailsync.Account{{
		Mailbox: "notify", SMTPURL: w.smtp.URL().String(), Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword, ServerFilesSent: true, DailyCap: -1,
	}}
	// Lily's and Tom's own mailboxes: the "received" drafts go into their
	// Drafts.
	for _, mb := range []string{"lily", "tom"} {
		accounts = append(accounts, mailsync.Account{Mailbox: mb, SMTPURL: w.smtp.URL().String(),
			Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, DailyCap: -1})
	}
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		for _, s := range w.syncers {
			if s.Name() == mailbox {
				return s.Dial(ctx)
			}
		}
		return nil, fmt.Errorf("no mailbox %q", mailbox)
	}
	sender, err := mailsync.NewSender(accounts, dial, w.clock, testLog())
	if err != nil {
		t.Fatal(err)
	}
	w.sender = sender
	w.disp = mailsync.NewDispatcher(db, sender, w.clock, testLog(), mailsync.DispatcherOptions{})
	return w
}

// deliver puts a message into user's folder with INTERNALDATE at.
func (w *world) deliver(user, folder string, m mailtest.Msg, at time.Time) {
	w.t.Helper()
	if m.Date.IsZero() {
		m.Date = at
	}
	w.srv.Append(w.t, user, folder, m.Bytes(), at)
}

// sync runs one pass over every mailbox.
func (w *world) sync() {
	w.t.Helper()
	for _, s := range w.syncers {
		if _, err := s.Sync(context.Background()); err != nil {
			w.t.Fatalf("sync %s: %v", s.Name(), err)
		}
	}
}

// tickAt moves the clock to at, runs the engine once and the dispatcher once.
func (w *world) tickAt(at time.Time) {
	w.t.Helper()
	w.clock.Set(at)
	if err := w.engine.Tick(context.Background()); err != nil {
		w.t.Fatalf("tick at %s: %v", at, err)
	}
	if _, err := w.disp.RunOnce(context.Background(), w.clock.Now()); err != nil {
		w.t.Fatalf("dispatch at %s: %v", at, err)
	}
}

// nudges returns the nudges the SMTP server received.
func (w *world) nudges() []mailtest.SMTPMessage { return w.smtp.Messages() }

// idOf finds a stored message by its Message-ID.
func (w *world) idOf(messageID string) int64 {
	w.t.Helper()
	for id := int64(1); id < 1000; id++ {
		m, err := w.db.GetMessage(context.Background(), id)
		if err != nil {
			break
		}
		if m.MessageID == messageID {
			return id
		}
	}
	w.t.Fatalf("no stored message %s", messageID)
	return 0
}

func (w *world) clockOf(messageID string) keepwarm.ReplyClock {
	w.t.Helper()
	c, err := w.db.ReplyClock(context.Background(), w.idOf(messageID))
	if err != nil {
		w.t.Fatalf("clock of %s: %v", messageID, err)
	}
	return c
}

func (w *world) hasClock(messageID string) bool {
	_, err := w.db.ReplyClock(context.Background(), w.idOf(messageID))
	return err == nil
}

// header returns the value of a header in a raw message.
func header(raw []byte, name string) string {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return ""
	}
	v := m.Header.Get(name)
	if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		v = d
	}
	return strings.TrimSpace(v)
}

// ask is a customer message from Hans at Globex to user.
func ask(id, to, subject string, inReplyTo ...string) mailtest.Msg {
	m := mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: to, Subject: subject, MessageID: id,
		Body: "Please quote 2000 pcs LED panels.\nDelivery to Hamburg.\n"}
	if len(inReplyTo) > 0 {
		m.InReplyTo, m.References = inReplyTo[0], inReplyTo
		m.Subject = "Re: " + subject
	}
	return m
}

// answer is a message from a team address to Hans in the thread of parent.
func answer(id, from, subject, parent string) mailtest.Msg {
	return mailtest.Msg{From: from, To: "hans@globex.de", Subject: "RE: " + subject, MessageID: id,
		InReplyTo: parent, References: []string{parent}, Body: "Thank you, our quotation follows."}
}
