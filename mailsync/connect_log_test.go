package mailsync_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// logBuffer is a slog text log a test reads while the syncer writes it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// deadAddr is a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A mailbox that has never connected (the server is down, the port wrong)
// says it cannot connect and when it tries again, not that a connection
// was lost: there never was one.
func TestRunCannotConnectIsNotALostConnection(t *testing.T) {
	logs := &logBuffer{}
	cfg := mailsync.MailboxConfig{Name: "team", URL: &url.URL{Scheme: "imap", Host: deadAddr(t)}, Username: salesUser, Password: password}
	clock := keepwarm.NewManualClock(t0)
	s := mailsync.NewSyncer(cfg, newStore(t), team(), clock, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), mailsync.SyncOptions{RetryMin: 5 * time.Second})
	stop := runInBackground(t, s)
	waitFor(t, func() bool {
		return strings.Contains(logs.String(), "will retry") && clock.PendingWithin(5*time.Second) > 0
	})
	clock.Advance(5 * time.Second) // the second try fails the same way
	waitFor(t, func() bool { return strings.Count(logs.String(), "will retry") == 2 })
	stop()
	got := logs.String()
	if !strings.Contains(got, `level=WARN msg="cannot connect; will retry" mailbox=team in=5s err=`) || !strings.Contains(got, "connection refused") {
		t.Errorf("the log does not say the mailbox cannot connect and when it retries:\n%s", got)
	}
	if strings.Contains(got, "connection lost") || strings.Contains(got, "reconnecting") {
		t.Errorf("the log speaks of a lost connection that never existed:\n%s", got)
	}
}

// `keepwarm sync` (one pass) says the same of a server it never reached.
func TestSyncCannotConnectIsNotALostConnection(t *testing.T) {
	logs := &logBuffer{}
	cfg := mailsync.MailboxConfig{Name: "team", URL: &url.URL{Scheme: "imap", Host: deadAddr(t)}, Username: salesUser, Password: password}
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(logs, nil)),
		mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: time.Millisecond, MaxAttempts: 2})
	if _, err := s.Sync(context.Background()); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("Sync = %v, want connection refused", err)
	}
	got := logs.String()
	if !strings.Contains(got, `msg="cannot connect; will retry"`) || strings.Contains(got, "connection lost") {
		t.Errorf("the log does not say the mailbox cannot connect:\n%s", got)
	}
}

// Once a session existed, its end is a lost connection, and so is every
// failed try to connect again.
func TestRunLostConnectionAfterASession(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	msgs := make([][]byte, 30)
	for i := range msgs {
		msgs[i] = mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain, BodyPadding: 3000})
	}
	mailtest.AppendMany(t, srv.Dial(t, salesUser), "INBOX", msgs, func(int) time.Time { return t0 })
	proxy := mailtest.NewCutProxy(t, srv.Addr(), 30_000)
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.URL.Host = proxy.Addr()
	logs := &logBuffer{}
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(logs, nil)),
		mailsync.SyncOptions{BatchSize: 5, RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond, PollInterval: time.Hour, RecentText: -1})
	stop := runInBackground(t, s)
	waitFor(t, func() bool { return proxy.Cuts() == 1 && proxy.Conns() >= 2 })
	stop()
	got := logs.String()
	if !strings.Contains(got, `msg="connection lost; reconnecting"`) || strings.Contains(got, "cannot connect") {
		t.Errorf("a dropped session is not logged as a lost connection:\n%s", got)
	}
}

// A mailbox that cannot connect for hours (its server down for a weekend,
// the account of someone who left closed) says so once, again when the
// reason changes and once an hour, not at every try; /healthz says it all
// along.
func TestRunCannotConnectIsSaidOnceNotEveryTry(t *testing.T) {
	logs := &logBuffer{}
	cfg := mailsync.MailboxConfig{Name: "team", URL: &url.URL{Scheme: "imap", Host: deadAddr(t)}, Username: salesUser, Password: password}
	clock := keepwarm.NewManualClock(t0)
	db := newStore(t)
	s := mailsync.NewSyncer(cfg, db, team(), clock, slog.New(slog.NewTextHandler(logs, nil)),
		mailsync.SyncOptions{RetryMin: 2 * time.Minute, RetryMax: 2 * time.Minute})
	stop := runInBackground(t, s)
	for range 30 { // an hour of tries, one every 2 minutes
		waitFor(t, func() bool { return clock.PendingWithin(2*time.Minute) > 0 })
		clock.Advance(2 * time.Minute)
	}
	waitFor(t, func() bool { return clock.PendingWithin(2*time.Minute) > 0 })
	stop()
	got := logs.String()
	if n := strings.Count(got, "level=WARN") + strings.Count(got, "level=ERROR"); n > 3 || n < 1 {
		t.Fatalf("%d WARN or ERROR lines for an hour of the same failure to connect; want 1 (and an hourly reminder):\n%s", n, got)
	}
	snap, err := db.OpsSnapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ms := snap.Mailboxes["team"]; !ms.CannotConnect || !strings.Contains(ms.Failure, "connection refused") {
		t.Fatalf("stored failure: %+v", ms)
	}
}

// A link that stalls every session mid-command (the watchdog cuts it) is
// the same failure at every reconnect, although each connection has a new
// local port in the error's text: said once at WARN, then at DEBUG, not a
// new WARN every cut.
func TestRunSameStallEverySessionIsSaidOnce(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	proxy := mailtest.NewStallProxyEvery(t, srv.Addr(), 400)
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.URL.Host = proxy.Addr()
	cfg.Timeouts = mailsync.Timeouts{Login: 5 * time.Second, Command: 200 * time.Millisecond}
	logs := &logBuffer{}
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		mailsync.SyncOptions{RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond, PollInterval: time.Hour})
	stop := runInBackground(t, s)
	waitFor(t, func() bool { return strings.Count(logs.String(), "i/o timeout") >= 3 })
	stop()
	got := logs.String()
	if !strings.Contains(got, "i/o timeout") {
		t.Fatalf("no session was cut by the watchdog:\n%s", got)
	}
	if n := strings.Count(got, "level=WARN"); n != 1 {
		t.Fatalf("%d WARN lines for the same stall at every session; want 1:\n%s", n, got)
	}
}
