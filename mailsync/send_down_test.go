package mailsync_test

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/oauth2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// countDials makes the account's SMTP connections countable.
func countDials(n *atomic.Int32) func(*mailsync.Account) {
	return func(a *mailsync.Account) {
		a.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			n.Add(1)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}
	}
}

// A refused SMTP login is the mailbox's trouble, not the item's: one
// login per pass, not one per due item; the other items are not touched
// (no attempt counted), they wait for the mailbox with a backoff, and after
// max_login_failures refusals in a row the mailbox stops sending until a
// restart, saying so.
func TestRefusedSMTPLoginTriedOncePerPass(t *testing.T) {
	var dials atomic.Int32
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		countDials(&dials)(a)
		a.Password = "expired"
	})
	var ids []int64
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		ids = append(ids, r.enqueue("down-"+k, keepwarm.ModeSend).ID)
	}
	res := r.run()
	if n := dials.Load(); n != 1 {
		t.Fatalf("%d SMTP logins in one pass, want 1", n)
	}
	if res.Retried != 1 || res.Failed != 0 || res.Next.Before(r.clock.Now().Add(time.Minute)) {
		t.Fatalf("first pass: %+v", res)
	}
	touched := 0
	for _, id := range ids {
		if it := r.item(id); it.Attempts > 0 {
			touched++
		}
	}
	if touched != 1 {
		t.Fatalf("%d items with an attempt counted, want 1", touched)
	}
	// A pass before the mailbox's wait is over does not log in again.
	r.run()
	if n := dials.Load(); n != 1 {
		t.Fatalf("%d SMTP logins before the mailbox's wait ended", n)
	}
	for range 5 {
		r.clock.Set(r.clock.Now().Add(2 * time.Hour))
		r.run()
	}
	if n := dials.Load(); n != 3 {
		t.Fatalf("%d SMTP logins, want 3 (max_login_failures), then none", n)
	}
	stopped := r.disp.SendingStopped()
	if !strings.Contains(stopped["team"], "SMTP login refused 3 times in a row") {
		t.Fatalf("stopped: %v", stopped)
	}
	for _, id := range ids {
		if it := r.item(id); it.Status != keepwarm.OutboxQueued {
			t.Fatalf("item %d: %s %q", id, it.Status, it.LastError)
		}
	}
}

// A refresh token the provider revoked (invalid_grant) is a refused login
// on the sending side too: items without a follow-up behind them
// (greetings, letters, the [notify] sender's nudges) would otherwise wait
// for ever while the revoked token is sent to the provider at every
// backoff. After max_login_failures refusals the mailbox stops sending,
// saying to run keepwarm auth, and the endpoint is asked no more.
func TestRevokedRefreshTokenStopsSending(t *testing.T) {
	ep := &tokenEndpoint{refresh: "rt-1", revoked: true}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
		a.Auth, a.Password = mailsync.AuthOAuth2, ""
		a.Token = mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.NewManualClock(sendT0))
	})
	id := r.enqueue("greeting", keepwarm.ModeSend).ID
	for range 6 {
		r.run()
		r.clock.Set(r.clock.Now().Add(2 * time.Hour))
	}
	ep.mu.Lock()
	asked := len(ep.bad)
	ep.mu.Unlock()
	if asked != 3 {
		t.Fatalf("the token endpoint was asked %d times, want 3 (max_login_failures), then no more", asked)
	}
	stopped := r.disp.SendingStopped()
	if !strings.Contains(stopped["team"], "refused 3 times in a row") || !strings.Contains(stopped["team"], "keepwarm auth") {
		t.Fatalf("stopped: %v", stopped)
	}
	if it := r.item(id); it.Status != keepwarm.OutboxQueued {
		t.Fatalf("item: %s %q", it.Status, it.LastError)
	}
}

// An access token the SMTP server refuses before its expiry is not
// presented again: the next send refreshes and goes out, where three
// refusals of the same token would have stopped the mailbox's sending.
func TestRefusedAccessTokenIsReplacedForSending(t *testing.T) {
	ep := &tokenEndpoint{refresh: "rt-1"}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
		a.Auth, a.Password = mailsync.AuthOAuth2, ""
		a.Token = mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.NewManualClock(sendT0))
	})
	seen := r.smtp.RequireOAuth(func(user, token string) bool { return token == "at-2" }) // at-1 was revoked
	id := r.enqueue("greeting", keepwarm.ModeSend).ID
	for range 4 {
		r.run()
		r.clock.Set(r.clock.Now().Add(2 * time.Hour))
	}
	if it := r.item(id); it.Status != keepwarm.OutboxSent {
		t.Fatalf("item: %s %q; logins %v; stopped %v", it.Status, it.LastError, seen.Logins(), r.disp.SendingStopped())
	}
	if ep.issued != 2 {
		t.Fatalf("%d access tokens issued, want 2 (the refused one, then a fresh one)", ep.issued)
	}
}

// A server that cannot be reached is tried once per pass, not once per
// due item (each waiting out the dial timeout), and a later pass sends
// once it answers again.
func TestUnreachableSMTPServerTriedOncePerPass(t *testing.T) {
	var dials atomic.Int32
	down := atomic.Bool{}
	down.Store(true)
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		a.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			if down.Load() {
				return nil, &net.OpError{Op: "dial", Net: network, Err: errConnRefused}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}
	})
	for _, k := range []string{"a", "b", "c"} {
		r.enqueue("unreach-"+k, keepwarm.ModeSend)
	}
	r.run()
	if n := dials.Load(); n != 1 {
		t.Fatalf("%d connections tried in one pass, want 1", n)
	}
	down.Store(false)
	r.clock.Set(r.clock.Now().Add(time.Hour))
	if res := r.run(); res.Sent != 3 {
		t.Fatalf("once reachable: %+v", res)
	}
}

type connRefused struct{}

func (connRefused) Error() string { return "connection refused" }

var errConnRefused error = connRefused{}

// The mailbox's daily sending limit (Gmail's 550 5.4.5), or a sender the
// server will not take mail from, is the mailbox's trouble: one item meets
// it, the others are not tried one after another and none fails for good;
// past the limit's day they go.
func TestMailboxSendingLimitHoldsItsMailForTheDay(t *testing.T) {
	for _, tc := range []struct {
		name     string
		code     int
		enhanced smtp.EnhancedCode
		text     string
		quota    bool
	}{
		{"daily limit", 550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded", true},
		{"Microsoft 365 quota", 554, smtp.EnhancedCode{5, 2, 0}, "STOREDRV.Submission.Exception:SubmissionQuotaExceededException", true},
		{"sender refused", 550, smtp.EnhancedCode{5, 7, 60}, "Client does not have permissions to send as this sender", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), nil)
			r.smtp.RejectMail(tc.code, tc.enhanced, tc.text)
			var ids []int64
			for _, k := range []string{"a", "b", "c"} {
				ids = append(ids, r.enqueue("limit-"+k, keepwarm.ModeSend).ID)
			}
			res := r.run()
			if n := r.smtp.MailCount(); n != 1 || res.Failed != 0 {
				t.Fatalf("%d MAIL FROM, %+v; want one try, nothing failed", n, res)
			}
			if tc.quota {
				midnight := time.Date(sendT0.Year(), sendT0.Month(), sendT0.Day()+1, 0, 0, 0, 0, time.UTC)
				if !res.Next.Equal(midnight) {
					t.Fatalf("next try %s, want the next day %s", res.Next, midnight)
				}
				r.clock.Set(midnight.Add(-time.Minute))
				r.run()
				if n := r.smtp.MailCount(); n != 1 {
					t.Fatalf("%d MAIL FROM before the day was over", n)
				}
			}
			for _, id := range ids {
				if it := r.item(id); it.Status != keepwarm.OutboxQueued {
					t.Fatalf("item %d: %s %q", id, it.Status, it.LastError)
				}
			}
			r.smtp.RejectMail(0, smtp.EnhancedCode{}, "")
			r.clock.Set(sendT0.Add(25 * time.Hour))
			if res := r.run(); res.Sent != 3 {
				t.Fatalf("the next day: %+v", res)
			}
		})
	}
}
