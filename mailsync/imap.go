package mailsync

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"

	"keepwarm"
)

// MailboxConfig says how to reach one IMAP mailbox. cmd builds it from the
// configuration file with the password already resolved.
type MailboxConfig struct {
	Name  string // the configured mailbox name, stored on every copy
	Owner string // salesperson email, "" for a team mailbox
	// Unusable says why the mailbox cannot be used as configured (its
	// password could not be read, its provider does not fit its username):
	// nothing connects; Run records it as a failure to connect, says so
	// once and waits for a restart.
	Unusable error
	// URL is imap://host:port (plain, or STARTTLS with StartTLS) or
	// imaps://host:port (TLS from the first byte). The port defaults to 143
	// or 993.
	URL      *url.URL
	StartTLS bool
	Username string
	Password string
	// Auth is AuthPassword ("" too: IMAP LOGIN) or AuthOAuth2 (SASL with an
	// access token from Token).
	Auth string
	// Mech forces the OAuth2 mechanism (MechXOAuth2 or MechOAuthBearer);
	// "" takes XOAUTH2 when the server advertises it, else OAUTHBEARER.
	Mech  string
	Token TokenSource
	// NoID turns off the RFC 2971 ID command sent after login when the
	// server advertises ID (NetEase refuses SELECT without it).
	NoID bool
	// NeedsID sends ID even when the server does not advertise it: the
	// provider's preset says its servers refuse SELECT without it.
	NeedsID bool
	// Dial opens the TCP connection (through a proxy, see NewDialer); nil
	// dials directly.
	Dial     DialFunc
	Timeouts Timeouts
	// SentNames are tried first when the server marks no folder \Sent (a
	// provider's own names, such as "已发送").
	SentNames []string
	// ReadAll reads the folder holding all of the mailbox's mail (marked
	// \All, else named one of AllNames) in INBOX's place: where archiving
	// takes mail out of INBOX (Gmail's Archive button, a filter's "Skip the
	// Inbox"), a customer's reply may be nowhere else. Without such a
	// folder INBOX is read and NoAllFolder says why that is not enough.
	ReadAll  bool
	AllNames []string
	// Folders overrides discovery: a folder named here is synced with the
	// given role, and a Sent (or inbox) override replaces the folder that
	// discovery would have picked for that role.
	Folders []FolderSpec
	// InsecureSkipVerify turns off TLS certificate checks. Default false.
	InsecureSkipVerify bool
	// RootCAs are the authorities the server's certificate is checked
	// against (tls_ca_file); nil: the system's.
	RootCAs *x509.CertPool
}

// FolderSpec is one folder to sync and the role it plays.
type FolderSpec struct {
	Name string
	Role keepwarm.FolderRole
}

// conn is one logged-in IMAP connection and what sync learned about the
// server.
type conn struct {
	*imapclient.Client
	exists    chan struct{} // a buffered signal: the selected folder grew
	condStore bool
	idle      bool
	listExt   bool
	mech      string
	dog       *watchdog
	timeouts  Timeouts
	stop      func() bool // releases the ctx watcher
}

func (c *conn) close() {
	c.stop()
	_ = c.Client.Close()
}

// logout says LOGOUT and closes.
func (c *conn) logout(log *slog.Logger) {
	if err := c.Logout().Wait(); err != nil {
		log.Debug("logout", "err", err)
	}
	c.close()
}

// busy bounds the server's silence by the command timeout; quiet lifts the
// bound while nothing is asked of the server; idling allows for IDLE.
func (c *conn) busy()   { c.dog.set(c.timeouts.Command) }
func (c *conn) quiet()  { c.dog.set(0) }
func (c *conn) idling() { c.dog.set(c.timeouts.IdleRenew + c.timeouts.Command) }

// clientVersion is what keepwarm sends as its version in the IMAP ID
// command: the module version the binary was built from.
func clientVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "dev"
}

// connect dials, secures and logs in. Cancelling ctx closes the connection,
// which unblocks every pending imapclient call: imapclient methods take no
// context. Every step has its own bound (Timeouts); a stalled server fails
// the step instead of hanging it.
func (s *Syncer) connect(ctx context.Context) (*conn, error) {
	if s.cfg.Unusable != nil {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "%v", s.cfg.Unusable)
	}
	u := s.cfg.URL
	if u == nil {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "mailbox %s: no IMAP URL", s.cfg.Name)
	}
	host, port := u.Hostname(), u.Port()
	tlsFirst := false
	switch u.Scheme {
	case "imaps":
		tlsFirst = true
		if port == "" {
			port = "993"
		}
	case "imap":
		if port == "" {
			port = "143"
		}
	default:
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "mailbox %s: URL scheme %q: use imap:// or imaps://", s.cfg.Name, u.Scheme)
	}
	addr := net.JoinHostPort(host, port)
	to := s.cfg.Timeouts
	if to.Dial <= 0 {
		to.Dial = s.opts.DialTimeout
	}
	to = to.WithDefaults()

	dial := s.cfg.Dial
	if dial == nil {
		dial = directDial(&net.Dialer{Timeout: to.Dial, KeepAlive: 30 * time.Second})
	}
	dctx, cancel := context.WithTimeout(ctx, to.Dial)
	raw, err := dial(dctx, "tcp", addr)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: dial %s: %w", s.cfg.Name, addr, err)
	}
	c := &conn{exists: make(chan struct{}, 1), timeouts: to}
	c.dog = &watchdog{Conn: raw}
	c.dog.set(to.Login)
	c.stop = context.AfterFunc(ctx, func() { _ = raw.Close() })
	var netConn net.Conn = c.dog
	tlsConfig := &tls.Config{ServerName: host, InsecureSkipVerify: s.cfg.InsecureSkipVerify, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}
	if tlsFirst {
		tc, err := tlsHandshake(ctx, c.dog, tlsConfig, to.TLS)
		if err != nil {
			c.stop()
			raw.Close()
			return nil, fmt.Errorf("mailsync: %s: TLS with %s: %w", s.cfg.Name, addr, err)
		}
		netConn = tc
	}
	opts := &imapclient.Options{
		TLSConfig:   tlsConfig,
		WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Runs on the reader goroutine: only signal, never call the client.
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case c.exists <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	if !s.cfg.StartTLS || tlsFirst {
		netConn = compactEchoes(netConn, &s.echoes, s.unreadableName)
	}
	if s.cfg.StartTLS && !tlsFirst {
		c.Client, err = imapclient.NewStartTLS(netConn, opts)
		if err != nil {
			c.stop()
			raw.Close()
			return nil, fmt.Errorf("mailsync: %s: STARTTLS with %s: %w", s.cfg.Name, addr, err)
		}
	} else {
		c.Client = imapclient.New(netConn, opts)
	}
	if err := c.WaitGreeting(); err != nil {
		c.close()
		return nil, fmt.Errorf("mailsync: %s: greeting from %s: %w", s.cfg.Name, addr, err)
	}
	if err := s.login(ctx, c, host, port); err != nil {
		c.close()
		return nil, err
	}
	caps := c.Caps()
	if advertised := caps.Has(imap.CapID); !s.cfg.NoID && (advertised || s.cfg.NeedsID) {
		// NetEase answers "Unsafe Login" to a SELECT from a client that did
		// not say who it is.
		_, err := c.ID(&imap.IDData{Name: "keepwarm", Version: clientVersion(), Vendor: "keepwarm"}).Wait()
		var imapErr *imap.Error
		switch {
		case err == nil:
		case !advertised && errors.As(err, &imapErr):
			// Sent unasked for, and the server does not know it: the
			// session goes on without it.
			s.log.Info("imap: the server refused the ID command it does not advertise", "mailbox", s.cfg.Name, "err", err)
		default:
			c.close()
			return nil, fmt.Errorf("mailsync: %s: ID: %w", s.cfg.Name, err)
		}
	}
	c.condStore = caps.Has(imap.CapCondStore)
	c.idle = caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)
	c.listExt = caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2)
	c.dog.own()
	c.busy()
	return c, nil
}

// capGmail is Gmail's extension: X-GM-MSGID, X-GM-LABELS, X-GM-THRID.
const capGmail = imap.Cap("X-GM-EXT-1")

// login authenticates as the configuration says. A refusal is an
// *AuthError, which sync does not retry blindly.
func (s *Syncer) login(ctx context.Context, c *conn, host, port string) error {
	if s.cfg.Auth != AuthOAuth2 {
		c.mech = "LOGIN"
		if err := c.Login(s.cfg.Username, s.cfg.Password).Wait(); err != nil {
			return s.loginErr(c.mech, "", err)
		}
		return nil
	}
	tok, err := token(ctx, s.cfg.Token, s.cfg.Name)
	if err != nil {
		return err
	}
	caps := c.Caps()
	if caps == nil {
		return fmt.Errorf("mailsync: %s: capabilities: connection lost", s.cfg.Name)
	}
	c.mech = pickIMAPMech(s.cfg.Mech, caps)
	p, _ := strconv.Atoi(port)
	sc := &oauthClient{mech: c.mech, ir: oauthResponse(c.mech, s.cfg.Username, tok, host, p)}
	if err := c.Authenticate(sc); err != nil {
		err = s.loginErr(c.mech, sc.detail, err)
		if IsAuthError(err) {
			// Refused before its expiry: the next login gets a fresh one.
			invalidate(s.cfg.Token, tok)
		}
		return err
	}
	return nil
}

// loginErr turns the server's refusal into an *AuthError; a login the
// server turned down for a reason of its own (busy) becomes a
// *LoginBusyError, and a broken link stays a plain error: both are
// retryable and neither counts toward max_login_failures.
func (s *Syncer) loginErr(mech, detail string, err error) error {
	var imapErr *imap.Error
	if errors.As(err, &imapErr) {
		if loginBusy(imapErr) {
			return &LoginBusyError{Mailbox: s.cfg.Name, Mech: mech, Err: err}
		}
		return &AuthError{Mailbox: s.cfg.Name, Server: "IMAP", Mech: mech, Detail: detail, Err: err}
	}
	return markLoginCut(fmt.Errorf("mailsync: %s: login as %s: %w", s.cfg.Name, s.cfg.Username, err))
}

// loginBusy says whether a NO to LOGIN or AUTHENTICATE is the server's own
// trouble rather than a verdict on the credentials: RFC 5530's UNAVAILABLE
// (Dovecot while its auth backend is down), INUSE, LIMIT and SERVERBUG, and
// Gmail's "[ALERT] Too many simultaneous connections". AUTHENTICATIONFAILED,
// AUTHORIZATIONFAILED, EXPIRED, CONTACTADMIN and an uncoded NO stay
// refusals.
func loginBusy(e *imap.Error) bool {
	switch e.Code {
	case imap.ResponseCodeUnavailable, imap.ResponseCodeInUse, imap.ResponseCodeLimit, imap.ResponseCodeServerBug:
		return true
	case imap.ResponseCodeAuthenticationFailed, imap.ResponseCodeAuthorizationFailed,
		imap.ResponseCodeExpired, imap.ResponseCodeContactAdmin:
		return false
	}
	text := strings.ToLower(e.Text)
	return strings.Contains(text, "simultaneous connections") || strings.Contains(text, "too many connections")
}

// LoginBusyError is a login the IMAP server turned down for now (too many
// connections, its sign-in service down): it says nothing about the
// password, so it is retried after a longer wait and does not count as a
// refused login.
type LoginBusyError struct {
	Mailbox string
	Mech    string
	Err     error
}

func (e *LoginBusyError) Error() string {
	return fmt.Sprintf("mailsync: %s: the IMAP server turned the login with %s down for now, which says nothing about the password; keepwarm tries again: %v", e.Mailbox, e.Mech, e.Err)
}

// IsLoginBusy reports whether err is a login the server turned down for
// now (LoginBusyError).
func IsLoginBusy(err error) bool {
	var be *LoginBusyError
	return errors.As(err, &be)
}

// storeError marks an error from the Store: retrying the IMAP side would
// not help.
type storeError struct{ err error }

func (e storeError) Error() string { return e.err.Error() }
func (e storeError) Unwrap() error { return e.err }

// retryable says whether a failed pass should be tried again on a new
// connection: yes for network trouble, no when the server refused something
// (NO/BAD: a wrong password, a missing folder), the store failed, or the
// configuration is wrong.
func retryable(err error) bool {
	var imapErr *imap.Error
	var se storeError
	var kwErr *keepwarm.Error
	var tlsErr *tls.CertificateVerificationError
	var authErr *AuthError
	switch {
	case IsLoginBusy(err):
		return true
	case errors.As(err, &imapErr), errors.As(err, &se), errors.As(err, &kwErr), errors.As(err, &tlsErr), errors.As(err, &authErr):
		return false
	}
	return true
}

// backoff doubles a delay from min up to max.
type backoff struct {
	min, max, next time.Duration
}

func newBackoff(min, max time.Duration) *backoff { return &backoff{min: min, max: max, next: min} }

func (b *backoff) delay() time.Duration {
	d := b.next
	b.next = min(b.next*2, b.max)
	return d
}

func (b *backoff) reset() { b.next = b.min }

// wait blocks for d on the injected clock, or until ctx is done.
func wait(ctx context.Context, clock keepwarm.Clock, d time.Duration) error {
	t := clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C():
		return nil
	}
}
