package mailsync_test

import (
	"net/url"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// TestLoginTurnedDownForNowDoesNotStopTheMailbox: a server that turns
// logins down for its own reasons (too many connections, its sign-in
// service down) has not refused the password. Run keeps trying past
// max_login_failures and syncs once the server lets it in; a refusal that
// is about the credentials still stops it after three.
func TestLoginTurnedDownForNowDoesNotStopTheMailbox(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		stops        bool
	}{
		{"unavailable", "[UNAVAILABLE] Temporary authentication failure", false},
		{"gmail too many connections", "[ALERT] Too many simultaneous connections. (Failure)", false},
		{"inuse", "[INUSE] Mailbox in use", false},
		{"authentication failed", "[AUTHENTICATIONFAILED] Invalid credentials", true},
		{"uncoded", "LOGIN failed.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			appendGen(t, srv, salesUser, "INBOX", 0, 1)
			front := mailtest.NewLoginFront(t, srv.Addr(), 4, tc.answer)
			cfg := mailboxConfig(srv, "sales", salesUser)
			cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
			opts := mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 3}
			ingested := make(chan keepwarm.SaveResult, 100)
			opts.OnIngest = func(r keepwarm.SaveResult) { ingested <- r }
			s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), opts)
			runInBackground(t, s)
			if tc.stops {
				waitFor(t, s.Stopped)
				if n := front.Refused(); n != 3 {
					t.Fatalf("%d logins turned down before stopping, want 3", n)
				}
				return
			}
			waitIngest(t, ingested, 1, "after the server let the login in")
			if s.Stopped() {
				t.Fatal("the mailbox stopped although the password was never refused")
			}
			if n := front.Refused(); n != 4 {
				t.Fatalf("%d logins turned down, want 4", n)
			}
		})
	}
}

// A wrong password refused between answers that the server is busy (the
// salesperson's phone and mail client holding its connections) still
// stops the mailbox after max_login_failures refusals: a busy answer does
// not count, and it does not start the count again either, or the wrong
// password would be tried for ever and the account locked.
func TestBusyLoginsBetweenRefusalsDoNotResetTheCount(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	refused, busy := "[AUTHENTICATIONFAILED] Invalid credentials", "[UNAVAILABLE] Too many connections"
	front := mailtest.NewLoginFrontAnswers(t, srv.Addr(), refused, busy, refused, busy, refused, busy, refused, busy, refused)
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
	opts := mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 3}
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), opts)
	runInBackground(t, s)
	waitFor(t, s.Stopped)
	if n := front.Refused(); n != 5 {
		t.Fatalf("%d logins turned down before stopping, want 5 (three refused, two busy between)", n)
	}
}
