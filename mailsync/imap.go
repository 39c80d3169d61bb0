package mailsync

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/url"
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
	// URL is imap://host:port (plain, or STARTTLS with StartTLS) or
	// imaps://host:port (TLS from the first byte). The port defaults to 143
	// or 993.
	URL      *url.URL
	StartTLS bool
	Username string
	Password string
	// Folders overrides discovery: a folder named here is synced with the
	// given role, and a Sent (or inbox) override replaces the folder that
	// discovery would have picked for that role.
	Folders []FolderSpec
	// InsecureSkipVerify turns off TLS certificate checks. Default false.
	InsecureSkipVerify bool
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
	stop      func() bool // releases the ctx watcher
}

func (c *conn) close() {
	c.stop()
	_ = c.Client.Close()
}

// connect dials, secures and logs in. Cancelling ctx closes the connection,
// which unblocks every pending imapclient call: imapclient methods take no
// context.
func (s *Syncer) connect(ctx context.Context) (*conn, error) {
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

	d := net.Dialer{Timeout: s.opts.DialTimeout, KeepAlive: 30 * time.Second}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: dial %s: %w", s.cfg.Name, addr, err)
	}
	c := &conn{exists: make(chan struct{}, 1)}
	c.stop = context.AfterFunc(ctx, func() { _ = raw.Close() })
	netConn := raw
	tlsConfig := &tls.Config{ServerName: host, InsecureSkipVerify: s.cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12}
	if tlsFirst {
		tc := tls.Client(raw, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
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
	if err := c.Login(s.cfg.Username, s.cfg.Password).Wait(); err != nil {
		c.close()
		return nil, fmt.Errorf("mailsync: %s: login as %s: %w", s.cfg.Name, s.cfg.Username, err)
	}
	caps := c.Caps()
	c.condStore = caps.Has(imap.CapCondStore)
	c.idle = caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)
	c.listExt = caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2)
	return c, nil
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
	switch {
	case errors.As(err, &imapErr), errors.As(err, &se), errors.As(err, &kwErr), errors.As(err, &tlsErr):
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
