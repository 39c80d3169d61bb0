package mailsync_test

import (
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"

	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

const goodToken = "ya29.good-access-token"

func acceptToken(want string) mailtest.TokenCheck {
	return func(user, token string) bool { return user == salesUser && token == want }
}

// oauthServer is a memserver holding n messages in INBOX that, from now on,
// accepts only XOAUTH2/OAUTHBEARER with goodToken.
func oauthServer(t *testing.T, n int) (*mailtest.IMAPServer, *mailtest.OAuthLog) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, n)
	return srv, srv.RequireOAuth(acceptToken(goodToken))
}

func oauthConfig(srv mailtest.Server, tokenCmd string) mailsync.MailboxConfig {
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.Password = ""
	cfg.Auth = mailsync.AuthOAuth2
	cfg.Token = mailsync.CommandToken(tokenCmd, "", 10*time.Second)
	return cfg
}

func TestOAuth2LoginWithTokenCmd(t *testing.T) {
	for _, mech := range []string{"", mailsync.MechOAuthBearer} {
		t.Run("mech="+mech, func(t *testing.T) {
			srv, seen := oauthServer(t, 3)
			cfg := oauthConfig(srv, "printf '%s\\n' "+goodToken)
			cfg.Mech = mech
			s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
			if sum := syncOnce(t, s); sum.New != 3 {
				t.Fatalf("synced %d new, want 3", sum.New)
			}
			want := mech
			if want == "" {
				want = mailsync.MechXOAuth2 // advertised, so chosen
			}
			if got := seen.Logins(); !slices.Equal(got, []string{want}) {
				t.Fatalf("logins %v, want [%s]", got, want)
			}
		})
	}
}

func TestOAuth2WrongTokenFailsClearlyAndIsNotRetried(t *testing.T) {
	srv, seen := oauthServer(t, 1)
	cfg := oauthConfig(srv, "echo stale-token-123")
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 5})
	_, err := s.Sync(context.Background())
	if !mailsync.IsAuthError(err) {
		t.Fatalf("err = %v, want an AuthError", err)
	}
	if strings.Contains(err.Error(), "stale-token-123") {
		t.Fatalf("the error shows the token: %v", err)
	}
	if !strings.Contains(err.Error(), "XOAUTH2") {
		t.Fatalf("the error does not name the mechanism: %v", err)
	}
	if n := seen.Refused(); n != 1 {
		t.Fatalf("%d refused logins, want 1: a refused token must not be retried blindly", n)
	}
}

func TestOAuth2PasswordLoginRefusedByOAuthOnlyServer(t *testing.T) {
	srv, _ := oauthServer(t, 1)
	s := mailsync.NewSyncer(mailboxConfig(srv, "sales", salesUser), newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if _, err := s.Sync(context.Background()); !mailsync.IsAuthError(err) {
		t.Fatalf("err = %v, want an AuthError", err)
	}
}

func TestOAuth2SMTP(t *testing.T) {
	for _, auth := range []string{"oauth2", "oauthbearer"} {
		t.Run(auth, func(t *testing.T) {
			r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
				a.Auth = auth
				a.Password = ""
				a.Token = mailsync.CommandToken("echo "+goodToken, "", 10*time.Second)
			})
			seen := r.smtp.RequireOAuth(func(user, token string) bool { return user == mailtest.SMTPUser && token == goodToken })
			it := r.enqueue("seq:1:1", keepwarm.ModeSend)
			if res := r.run(); res.Sent != 1 {
				t.Fatalf("run: %+v, want one sent (%s)", res, r.item(it.ID).LastError)
			}
			want := mailsync.MechXOAuth2
			if auth == "oauthbearer" {
				want = mailsync.MechOAuthBearer
			}
			if got := seen.Logins(); !slices.Equal(got, []string{want}) {
				t.Fatalf("logins %v, want [%s]", got, want)
			}
		})
	}
	t.Run("wrong token", func(t *testing.T) {
		r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
			a.Auth = "oauth2"
			a.Token = mailsync.CommandToken("echo expired-token-456", "", 10*time.Second)
		})
		seen := r.smtp.RequireOAuth(acceptToken(goodToken))
		it := r.enqueue("seq:1:1", keepwarm.ModeSend)
		r.run()
		got := r.item(it.ID)
		if got.Status == keepwarm.OutboxSent || r.smtp.DataCount() != 0 || seen.Refused() != 1 {
			t.Fatalf("status %s, %d DATA, %d refused: want not sent, one refusal", got.Status, r.smtp.DataCount(), seen.Refused())
		}
		if strings.Contains(got.LastError, "expired-token-456") {
			t.Fatalf("last error shows the token: %s", got.LastError)
		}
	})
}

func TestIDSentSoNetEaseStyleServerAllowsSelect(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 4)
	front := mailtest.NewIDFront(t, srv.Addr())
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}

	off := cfg
	off.NoID = true
	_, err := mailsync.NewSyncer(off, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 1}).Sync(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Unsafe Login") || front.Refusals() == 0 {
		t.Fatalf("with ID off: err %v, %d refusals; the front should have refused", err, front.Refusals())
	}

	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if sum := syncOnce(t, s); sum.New != 4 {
		t.Fatalf("synced %d new, want 4", sum.New)
	}
	if front.IDs() != 1 {
		t.Fatalf("%d ID commands, want 1", front.IDs())
	}
}

// TestIDSentWhenThePresetNeedsItUnadvertised: a NetEase server (or a
// front end before it) that leaves ID out of CAPABILITY still refuses
// SELECT without it. The preset says ID is needed, so it is sent anyway.
func TestIDSentWhenThePresetNeedsItUnadvertised(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 2)
	front := mailtest.NewIDFront(t, srv.Addr())
	front.HideID()
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
	cfg.NeedsID = true
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 1})
	sum, err := s.Sync(context.Background())
	if err != nil || sum.New != 2 {
		t.Fatalf("synced %+v, %v; want 2 new", sum, err)
	}
	if front.IDs() != 1 || front.Refusals() != 0 {
		t.Fatalf("%d ID commands, %d refusals; want 1 and 0", front.IDs(), front.Refusals())
	}

	// A server that knows no ID says BAD to it: the session goes on.
	plain := mailboxConfig(srv, "sales", salesUser)
	plain.NeedsID = true
	s = mailsync.NewSyncer(plain, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 1})
	if sum, err := s.Sync(context.Background()); err != nil || sum.New != 2 {
		t.Fatalf("server without ID: synced %+v, %v; want 2 new", sum, err)
	}
}

func TestIMAPAndSMTPGoThroughSOCKS5Proxy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 2)
	smtpSrv := mailtest.NewSMTPServer(t)
	// Nothing listens on port 1: only the proxy knows where these go.
	const imapAddr, smtpAddr = "localhost:1", "localhost:2"
	proxy := mailtest.NewSOCKS5(t, map[string]string{imapAddr: srv.Addr(), smtpAddr: smtpSrv.Addr()})
	dial, err := mailsync.NewDialer("socks5://"+proxy.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}

	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: imapAddr}
	direct := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 1})
	if _, err := direct.Sync(context.Background()); err == nil {
		t.Fatal("a direct connection to the proxy-only address worked: the test proves nothing")
	}
	cfg.Dial = dial
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if sum := syncOnce(t, s); sum.New != 2 {
		t.Fatalf("synced %d new, want 2", sum.New)
	}

	acct := mailsync.Account{Mailbox: "sales", SMTPURL: "smtp://" + smtpAddr + "?starttls=none",
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, Dial: dial}
	if err := mailsync.CheckSMTP(context.Background(), acct); err != nil {
		t.Fatalf("SMTP through the proxy: %v", err)
	}
	want := []string{imapAddr, smtpAddr}
	if got := proxy.Asked(); !slices.Equal(got, want) {
		t.Fatalf("proxy asked for %v, want %v", got, want)
	}
}

func TestStalledFetchTimesOutAndResumesWithoutLossOrDuplicates(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 60)
		proxy := mailtest.NewStallProxy(t, srv.Addr(), 12_000)
		cfg := mailboxConfig(srv, "sales", salesUser)
		cfg.URL = &url.URL{Scheme: "imap", Host: proxy.Addr()}
		cfg.Timeouts = mailsync.Timeouts{Command: 700 * time.Millisecond}
		rec := record(newStore(t))
		s := mailsync.NewSyncer(cfg, rec, team(), keepwarm.SystemClock{}, testLogger(t),
			mailsync.SyncOptions{BatchSize: 10, RetryMin: 10 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sum, err := s.Sync(ctx)
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		if proxy.Cuts() != 1 || sum.Reconnects < 1 {
			t.Fatalf("%d stalls, %d reconnects: the stall did not happen", proxy.Cuts(), sum.Reconnects)
		}
		if got := rec.take("sales/INBOX"); !equalUIDs(got, uidRange(1, 60)) {
			t.Fatalf("stored UIDs %v, want 1..60 once each", got)
		}
	})
}

func TestStalledDataTimesOutAsUncertainAndIsNotResent(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		a.Timeouts = mailsync.Timeouts{Command: 500 * time.Millisecond}
	})
	r.smtp.StallNextData(1)
	it := r.enqueue("seq:5:1", keepwarm.ModeSend)
	done := make(chan mailsync.RunResult, 1)
	go func() { done <- r.run() }()
	select {
	case res := <-done:
		if res.Uncertain != 1 {
			t.Fatalf("run: %+v, want one uncertain", res)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the send hung on a silent server")
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxUncertain {
		t.Fatalf("status %s, want uncertain", got.Status)
	}
	for range 3 {
		r.clock.Advance(2 * time.Hour)
		r.run()
	}
	if d := r.smtp.DataCount(); d != 1 {
		t.Fatalf("DATA sent %d times, want 1", d)
	}
}

func TestRunStopsAfterRefusedLoginsInARow(t *testing.T) {
	srv, seen := oauthServer(t, 1)
	cfg := oauthConfig(srv, "echo revoked-token")
	db := newStore(t)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 3})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for !s.Stopped() {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("Run still trying after %d refused logins", seen.Refused())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := seen.Refused(); n != 3 {
		t.Fatalf("%d refused logins before stopping, want 3", n)
	}
	snap, err := db.OpsSnapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ms := snap.Mailboxes["sales"]
	if !ms.CannotConnect || !strings.Contains(ms.Failure, "refused 3 times in a row") || !strings.Contains(ms.Failure, "stopped trying") {
		t.Fatalf("recorded failure: %+v", ms)
	}
	if strings.Contains(ms.Failure, "revoked-token") {
		t.Fatal("the token is in the recorded failure")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := seen.Refused(); n != 3 {
		t.Fatalf("%d refused logins in all, want 3", n)
	}
}

func TestDelayStartHoldsTheFirstLogin(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	proxy := mailtest.NewCutProxy(t, srv.Addr(), 1<<40)
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: proxy.Addr()}
	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.NewManualClock(t0), testLogger(t),
		mailsync.SyncOptions{OnIngest: func(r keepwarm.SaveResult) { ingested <- r }})
	const delay = 400 * time.Millisecond
	s.DelayStart(delay)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	go func() { _ = s.Run(ctx) }()
	time.Sleep(delay / 4)
	// A loaded machine can oversleep past the delay; a connection then
	// proves nothing either way.
	if n := proxy.Conns(); n != 0 && time.Since(start) < delay {
		t.Fatalf("%d connections before the start delay passed", n)
	}
	select {
	case <-ingested: // started once the delay passed, on real time (the manual clock never moved)
	case <-time.After(15 * time.Second):
		t.Fatal("Run never started after the delay")
	}
}

// connectProxy is an HTTP proxy that only does CONNECT, to the addresses in
// route, and records what it was asked for.
type connectProxy struct {
	route map[string]string
	mu    sync.Mutex
	asked []string
}

func (p *connectProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect || r.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte("kw:pw")) {
		http.Error(w, "CONNECT with credentials only", http.StatusProxyAuthRequired)
		return
	}
	p.mu.Lock()
	p.asked = append(p.asked, r.Host)
	p.mu.Unlock()
	up, err := net.Dial("tcp", p.route[r.Host])
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		up.Close()
		return
	}
	_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() {
		_, _ = io.Copy(up, buf)
		up.Close()
	}()
	_, _ = io.Copy(conn, up)
	conn.Close()
}

func TestIMAPAndSMTPGoThroughHTTPConnectProxy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 2)
	smtpSrv := mailtest.NewSMTPServer(t)
	const imapAddr, smtpAddr = "localhost:1", "localhost:2"
	p := &connectProxy{route: map[string]string{imapAddr: srv.Addr(), smtpAddr: smtpSrv.Addr()}}
	hs := httptest.NewServer(p)
	defer hs.Close()
	dial, err := mailsync.NewDialer("http://kw:pw@"+strings.TrimPrefix(hs.URL, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: imapAddr}
	cfg.Dial = dial
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if sum := syncOnce(t, s); sum.New != 2 {
		t.Fatalf("synced %d new, want 2", sum.New)
	}
	acct := mailsync.Account{Mailbox: "sales", SMTPURL: "smtp://" + smtpAddr + "?starttls=none",
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, Dial: dial}
	if err := mailsync.CheckSMTP(context.Background(), acct); err != nil {
		t.Fatalf("SMTP through the proxy: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if want := []string{imapAddr, smtpAddr}; !slices.Equal(p.asked, want) {
		t.Fatalf("proxy asked for %v, want %v", p.asked, want)
	}
}

func TestIdleIsRenewedOnTheClock(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	front := mailtest.NewIDFront(t, srv.Addr())
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
	cfg.Timeouts = mailsync.Timeouts{IdleRenew: 25 * time.Minute}
	clock := keepwarm.NewManualClock(t0)
	// Polls far apart, so only the renewal can restart IDLE.
	_, stop := runSyncer(t, cfg, newStore(t), clock, mailsync.SyncOptions{PollInterval: 1000 * time.Hour})
	defer stop()
	deadline := time.Now().Add(15 * time.Second)
	for front.Idles() < 1 {
		if time.Now().After(deadline) {
			t.Fatal("no IDLE")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for front.Idles() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("IDLE not renewed: %d IDLE commands", front.Idles())
		}
		clock.Advance(26 * time.Minute)
		time.Sleep(20 * time.Millisecond)
	}
}

// TestGmailLabelsAreOneMessage: Gmail shows one message in every folder
// (label) it carries; the Gmail preset reads INBOX and Sent, so a mail
// labelled both — a salesperson's own mail to the team address, a thread
// Gmail files in both — reaches keepwarm twice in one mailbox. go-imap v2
// cannot fetch X-GM-MSGID, so the store's Message-ID identity is what makes
// the two copies one message: one message, two copies, one thread.
func TestGmailLabelsAreOneMessage(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, lilyUser, password)
		raw := mailtest.GenMessage(0, mailtest.GenOptions{TeamDomain: teamDomain})
		srv.Append(t, lilyUser, "INBOX", raw, t0)
		srv.Append(t, lilyUser, "Sent", raw, t0)
		srv.Append(t, lilyUser, "INBOX", mailtest.GenMessage(1, mailtest.GenOptions{TeamDomain: teamDomain}), t0.Add(time.Hour))
		db := newStore(t)
		syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "lily", lilyUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))
		st := stats(t, db)
		if st.Messages != 2 || st.Copies["lily"] != 3 {
			t.Fatalf("stats %+v: want 2 messages (the labelled one once) in 3 copies", st)
		}
		threads, err := db.ListThreads(context.Background(), store.ThreadFilter{Internal: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, th := range threads {
			n += th.Messages
		}
		if n != 2 {
			t.Fatalf("threads hold %d messages, want 2: %+v", n, threads)
		}
	})
}
