package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
)

// waitFor polls cond every 20 ms for up to 10 s of real time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A quiet mailbox (nothing new for many polls) is healthy: every completed
// pass counts, not only those that stored mail. A mailbox whose server
// cannot be reached is named, with the reason.
func TestHealthQuietMailboxOverManyPolls(t *testing.T) {
	ctx := context.Background()
	const poll = 5 * time.Second
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)

	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "team@team.example", "secret")
	srv.Append(t, "team@team.example", "INBOX", mailtest.GenMessage(0, mailtest.GenOptions{TeamDomain: "team.example"}), t0.Add(-time.Hour))
	// A port nothing listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := ln.Addr().String()
	ln.Close()

	log := slog.New(slog.DiscardHandler)
	team := parse.NewTeam([]string{"team.example"}, nil, nil)
	opts := mailsync.SyncOptions{PollInterval: poll, RetryMin: time.Second, RetryMax: time.Second}
	quiet := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "team", URL: srv.URL(), Username: "team@team.example", Password: "secret"},
		db, team, clock, log, opts)
	dead := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "dead", URL: &url.URL{Scheme: "imap", Host: deadAddr}, Username: "x", Password: "y"},
		db, team, clock, log, opts)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 2)
	for _, s := range []*mailsync.Syncer{quiet, dead} {
		go func() { done <- s.Run(runCtx) }()
	}
	defer func() {
		cancel()
		for range 2 {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("Run did not stop within 5s")
			}
		}
	}()

	ops := newOpsServer(db, clock, log, []string{"team", "dead"}, 3*poll)
	if err := ops.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer ops.Close(ctx)
	base := "http://" + ops.Addr()

	lag := regexp.MustCompile(`keepwarm_sync_lag_seconds\{folder="INBOX",mailbox="team"\} (\S+)`)
	// synced waits until the quiet mailbox's inbox shows as checked at the
	// clock's current time: the pass after the last Advance completed.
	synced := func(what string) {
		t.Helper()
		waitFor(t, what, func() bool {
			_, metrics := get(t, base+"/metrics")
			m := lag.FindStringSubmatch(metrics)
			return m != nil && m[1] == "0"
		})
	}
	synced("the first pass")
	for i := 1; i <= 8; i++ { // 40 s: well past three intervals with nothing new
		clock.Advance(poll)
		synced(fmt.Sprintf("the pass after poll %d", i))
		code, body := get(t, base+"/healthz")
		if code != 503 || strings.Contains(body, "mailbox team") {
			t.Fatalf("after %s of a quiet mailbox: %d %q; want team healthy", time.Duration(i)*poll, code, body)
		}
		if !strings.Contains(body, "mailbox dead: cannot connect") || !strings.Contains(body, "connection refused") {
			t.Fatalf("after %s: %q; want the unreachable mailbox named, with why", time.Duration(i)*poll, body)
		}
	}
	if st, err := db.Stats(ctx); err != nil || st.Messages != 1 {
		t.Fatalf("stored %+v, %v; want the one message", st, err)
	}

	// A sync that stops completing passes is named once three intervals
	// have gone by without one.
	cancel()
	for range 2 {
		<-done
	}
	done <- nil
	done <- nil
	clock.Advance(3*poll + time.Second)
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox team: last synced 16s ago, no pass completed within 15s") {
		t.Fatalf("healthz with a stuck sync: %d %q", code, body)
	}
}

// An IDLE round with nothing new (the periodic renewal, long before the next
// poll) counts as alive too.
func TestHealthIdleRoundIsAlive(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "team@team.example", "secret")
	srv.Append(t, "team@team.example", "INBOX", mailtest.GenMessage(0, mailtest.GenOptions{TeamDomain: "team.example"}), t0.Add(-time.Hour))
	log := slog.New(slog.DiscardHandler)
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "team", URL: srv.URL(), Username: "team@team.example", Password: "secret",
		Timeouts: mailsync.Timeouts{IdleRenew: 10 * time.Minute}},
		db, parse.NewTeam([]string{"team.example"}, nil, nil), clock, log, mailsync.SyncOptions{PollInterval: 2 * time.Hour})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Errorf("Run did not stop within 5s")
		}
	}()
	ops := newOpsServer(db, clock, log, []string{"team"}, 6*time.Hour)
	if err := ops.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer ops.Close(ctx)
	lag := regexp.MustCompile(`keepwarm_sync_lag_seconds\{folder="INBOX",mailbox="team"\} (\S+)`)
	inboxLag := func() string {
		_, metrics := get(t, "http://"+ops.Addr()+"/metrics")
		if m := lag.FindStringSubmatch(metrics); m != nil {
			return m[1]
		}
		return ""
	}
	waitFor(t, "the first pass", func() bool { return inboxLag() == "0" })
	for i := 1; i <= 3; i++ {
		// The syncer sets its renewal timer once it is in IDLE; moving the
		// clock before that would only push the timer along.
		waitFor(t, fmt.Sprintf("IDLE round %d armed", i), func() bool { return clock.PendingWithin(10*time.Minute) > 0 })
		clock.Advance(10 * time.Minute) // an IDLE renewal; the next poll is hours away
		waitFor(t, fmt.Sprintf("IDLE round %d recorded", i), func() bool { return inboxLag() == "0" })
	}
}
