package mailsync

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/proxy"

	"keepwarm"
)

// Timeouts bound every step of talking to a mail server. Zero fields get
// the defaults in brackets.
type Timeouts struct {
	Dial  time.Duration // TCP connect, through the proxy when there is one [30s]
	TLS   time.Duration // TLS handshake, implicit or STARTTLS [30s]
	Login time.Duration // greeting, login and ID: how long the server may stay silent [60s]
	// Command is how long the server may stay silent while keepwarm waits
	// for an answer to any other IMAP command or SMTP step [2m]. Data that
	// keeps flowing (a long FETCH) is not cut.
	Command time.Duration
	// IdleRenew is how often IDLE is stopped and started again; servers
	// drop an IDLE after 30 minutes [25m]. While IDLE runs the server may
	// be silent for IdleRenew plus Command.
	IdleRenew time.Duration
}

// WithDefaults fills the zero fields.
func (t Timeouts) WithDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Dial, 30*time.Second)
	def(&t.TLS, 30*time.Second)
	def(&t.Login, time.Minute)
	def(&t.Command, 2*time.Minute)
	def(&t.IdleRenew, 25*time.Minute)
	return t
}

// DialFunc opens a TCP connection, directly or through a proxy.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// DialCheck, when set, is asked before every TCP connection mailsync opens
// itself (to a mail server, a proxy, a token endpoint), with the address
// as asked, before any name is resolved; an error refuses the dial. Tests
// set it once, before they start, to keep every connection on the machine.
var DialCheck func(network, addr string) error

// directDial connects without a proxy, after DialCheck.
func directDial(d *net.Dialer) DialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if DialCheck != nil {
			if err := DialCheck(network, addr); err != nil {
				return nil, err
			}
		}
		return d.DialContext(ctx, network, addr)
	}
}

// NewDialer returns the DialFunc for a proxy URL: "" connects directly,
// socks5://[user:pass@]host:port (the proxy resolves names) and
// http://[user:pass@]host:port (HTTP CONNECT) go through the proxy. timeout
// bounds the whole connect, the proxy's handshake included.
func NewDialer(proxyURL string, timeout time.Duration) (DialFunc, error) {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	direct := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if proxyURL == "" {
		return directDial(direct), nil
	}
	u, err := url.Parse(proxyURL)
	if err != nil || u.Host == "" {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "proxy %q: want socks5://host:port or http://host:port", redactProxy(proxyURL))
	}
	var dial DialFunc
	switch u.Scheme {
	case "socks5", "socks5h":
		var auth *proxy.Auth
		if u.User != nil {
			pw, _ := u.User.Password()
			auth = &proxy.Auth{User: u.User.Username(), Password: pw}
		}
		d, err := proxy.SOCKS5("tcp", u.Host, auth, contextDialer(directDial(direct)))
		if err != nil {
			return nil, keepwarm.Errorf(keepwarm.EINVALID, "proxy %s: %v", redactProxy(proxyURL), err)
		}
		cd, ok := d.(proxy.ContextDialer)
		if !ok {
			return nil, keepwarm.Errorf(keepwarm.EINVALID, "proxy %s: no context dialer", redactProxy(proxyURL))
		}
		dial = cd.DialContext
	case "http":
		dial = httpConnectDialer(u, direct)
	default:
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "proxy %s: scheme %q: use socks5:// or http://", redactProxy(proxyURL), u.Scheme)
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, fmt.Errorf("through proxy %s: %w", redactProxy(proxyURL), err)
		}
		return c, nil
	}, nil
}

// redactProxy is RedactProxy.
func redactProxy(raw string) string { return RedactProxy(raw) }

// RedactProxy is a proxy URL as messages (the journal, check, a mailbox's
// failure) show it: its scheme, user and host, never its password nor what
// follows the host (a proxy URL uses none of it); and nothing of it when
// it has an "@" that url.Parse does not read as the end of a login, as
// with a "#", "/" or "?" in the password, which then parses as the port
// of a host that is the user, and a fragment, path or query.
func RedactProxy(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL, not shown)"
	}
	if strings.Contains(raw, "@") && u.User == nil {
		return "(the URL, not shown: what comes before its \"@\" may be a password)"
	}
	return (&url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}).Redacted()
}

// httpConnectDialer tunnels through an HTTP proxy with CONNECT.
func httpConnectDialer(u *url.URL, direct *net.Dialer) DialFunc {
	dialProxy := directDial(direct)
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialProxy(ctx, "tcp", u.Host)
		if err != nil {
			return nil, err
		}
		stop := context.AfterFunc(ctx, func() { c.Close() })
		defer stop()
		req := &http.Request{
			Method: http.MethodConnect,
			URL:    &url.URL{Opaque: addr},
			Host:   addr,
			Header: http.Header{},
		}
		if u.User != nil {
			pw, _ := u.User.Password()
			cred := base64.StdEncoding.EncodeToString([]byte(u.User.Username() + ":" + pw))
			req.Header.Set("Proxy-Authorization", "Basic "+cred)
		}
		if err := req.Write(c); err != nil {
			c.Close()
			return nil, err
		}
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			c.Close()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			c.Close()
			return nil, fmt.Errorf("CONNECT %s: %s", addr, resp.Status)
		}
		if br.Buffered() > 0 { // the server spoke first through the tunnel
			return &bufferedConn{Conn: c, r: br}, nil
		}
		return c, nil
	}
}

type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(b []byte) (int, error) { return c.r.Read(b) }

// watchdog wraps a connection so the server cannot stay silent longer than
// a limit: every Read and Write pushes the deadline limit ahead, so a
// stream that keeps moving is never cut and a stalled one fails within the
// limit. imapclient has no per-command timeout and takes no context; the
// deadline is how a hung command ends. The limit changes with what the
// connection is doing (login, commands, IDLE); 0 means no deadline (waiting
// between polls, when the server has nothing to say). A deadline set from
// outside (go-mail's whole-send bound) is kept when it comes first.
type watchdog struct {
	net.Conn
	mu    sync.Mutex
	limit time.Duration
	outer time.Time
	owned bool      // outer deadlines are ignored (see own)
	armed time.Time // when the deadline was last pushed
}

// own makes the watchdog's limit the only deadline of the connection from
// now on: deadlines set from outside are ignored. imapclient sets a
// 30-second read deadline before each response it reads and clears it
// after, and again around each literal: four timer changes in the runtime
// for every message fetched, some 4 % of a first sync's CPU. Once an IMAP
// connection is logged in, the limits of Timeouts bound every read and
// write; before that the TLS handshake's and the login's deadlines count.
func (w *watchdog) own() {
	w.mu.Lock()
	w.owned, w.outer = true, time.Time{}
	w.mu.Unlock()
	w.arm()
}

func (w *watchdog) set(limit time.Duration) {
	w.mu.Lock()
	w.limit = limit
	w.mu.Unlock()
	w.arm()
}

// arm sets the deadline a limit from now (or clears it); it also takes
// effect on a Read already blocked.
func (w *watchdog) arm() {
	w.mu.Lock()
	now := time.Now()
	w.armed = now
	d := w.outer
	if w.limit > 0 {
		if t := now.Add(w.limit); d.IsZero() || t.Before(d) {
			d = t
		}
	}
	w.mu.Unlock()
	_ = w.Conn.SetDeadline(d)
}

func (w *watchdog) Read(b []byte) (int, error) {
	w.push()
	return w.Conn.Read(b)
}

func (w *watchdog) Write(b []byte) (int, error) {
	w.push()
	return w.Conn.Write(b)
}

// push re-arms unless that was done a moment ago: a fast stream reads
// thousands of times a second and the deadline need not move each time.
func (w *watchdog) push() {
	w.mu.Lock()
	fresh := w.limit > 0 && time.Since(w.armed) < w.limit/32
	w.mu.Unlock()
	if !fresh {
		w.arm()
	}
}

func (w *watchdog) SetDeadline(t time.Time) error {
	w.mu.Lock()
	if w.owned {
		w.mu.Unlock()
		return nil
	}
	w.outer = t
	w.mu.Unlock()
	w.arm()
	return nil
}

func (w *watchdog) SetReadDeadline(t time.Time) error  { return w.SetDeadline(t) }
func (w *watchdog) SetWriteDeadline(t time.Time) error { return w.SetDeadline(t) }

// tlsHandshake runs a TLS client handshake bounded by timeout and ctx.
func tlsHandshake(ctx context.Context, raw net.Conn, cfg *tls.Config, timeout time.Duration) (*tls.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

// contextDialer gives a DialFunc the proxy package's dialer interfaces.
type contextDialer DialFunc

func (d contextDialer) Dial(network, addr string) (net.Conn, error) {
	return d(context.Background(), network, addr)
}

func (d contextDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return d(ctx, network, addr)
}
