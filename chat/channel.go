package chat

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"time"

	"keepwarm"
)

// Kinds of chat channel.
const (
	WeCom    = "wecom"
	DingTalk = "dingtalk"
	Feishu   = "feishu"
	Slack    = "slack"
	Teams    = "teams"
	Webhook  = "webhook"
)

// Kinds lists every kind a [[notify.channel]] may have.
var Kinds = []string{WeCom, DingTalk, Feishu, Slack, Teams, Webhook}

// Limit is a platform's rate limit for one robot.
type Limit struct {
	PerMinute int // messages in any 60 s; 0 = none
	PerSecond int // messages in any 1 s; 0 = none
}

// DefaultLimit is the published limit of a kind's robots: WeCom and
// DingTalk 20 a minute, Feishu 100 a minute and 5 a second, Slack about one
// a second, a Teams webhook 4 a second (60 a minute kept to); 60 a minute
// for a generic webhook.
func DefaultLimit(kind string) Limit {
	switch kind {
	case WeCom, DingTalk:
		return Limit{PerMinute: 20}
	case Feishu:
		return Limit{PerMinute: 100, PerSecond: 5}
	case Slack:
		return Limit{PerMinute: 60, PerSecond: 1}
	case Teams:
		return Limit{PerMinute: 60, PerSecond: 4}
	}
	return Limit{PerMinute: 60}
}

// PostingLimit is the rate keepwarm keeps to when per_minute is not set:
// one message a minute under the platform's published limit. The platform
// counts its minute on its own clock, not on ours, and a post it refuses
// as too fast (WeCom 45009) comes a minute late; with one in hand, a
// minute's burst of nudges also ends in one merged message inside the
// platform's count (25 nudges in a minute to a WeCom robot: 20 messages).
func PostingLimit(kind string) Limit {
	l := DefaultLimit(kind)
	if l.PerMinute > 1 {
		l.PerMinute--
	}
	return l
}

// Channel is one configured robot. URL and Secret are secrets.
type Channel struct {
	Name   string
	Kind   string
	URL    string // the robot's webhook URL, token included
	Secret string // DingTalk's and Feishu's signing secret; HMAC key of a generic webhook
	// Keyword ends every message that lacks it: a DingTalk or Feishu robot
	// set to keywords (自定义关键词) refuses a message without one.
	Keyword string
	Limit   Limit
	Client  *http.Client
	// Wall is the real time, for what the platform reads against its own
	// clock: a signature's timestamp (DingTalk and Feishu refuse one an
	// hour off) and a Retry-After date. keepwarm's clock may be set to
	// another day (--now, a replay); the waiting time shown follows that
	// one. nil = time.Now.
	Wall func() time.Time
	// Unusable says why the channel cannot be posted to as configured
	// (its URL or secret could not be read); nil when it can. The
	// dispatcher fails its nudges at once, saying why, so they go by mail.
	Unusable error
}

// DialFunc dials a TCP connection through a proxy: its failures are told
// as the proxy's (PostError.Cause).
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// proxyError is a dial's failure, the proxy's: its login refused, or
// the robot's host not reached through it.
type proxyError struct{ err error }

func (e *proxyError) Error() string { return e.err.Error() }
func (e *proxyError) Unwrap() error { return e.err }

// defaultTimeout bounds a post of a client made without a timeout.
const defaultTimeout = 15 * time.Second

// EnvProxy picks the proxy the environment names for a request
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), nil for none, as
// http.ProxyFromEnvironment does.
type EnvProxy func(*http.Request) (*url.URL, error)

// NewClient returns the HTTP client a channel posts with: each post bounded
// by timeout (default 15 s), TLS verified against roots (nil: the system's
// authorities), through dial when not nil, else through the proxy env
// picks (nil: http.ProxyFromEnvironment, HTTPS_PROXY as the OAuth2 token
// requests go). A post failing on env's proxy says so (Cause, Via).
func NewClient(timeout time.Duration, dial DialFunc, roots *x509.CertPool, env EnvProxy) *http.Client {
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	tr := &http.Transport{
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   2,
	}
	if dial != nil {
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dial(ctx, network, addr)
			if err != nil {
				return nil, &proxyError{err}
			}
			return conn, nil
		}
	} else {
		tr.DialContext = (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext
		tr.Proxy = http.ProxyFromEnvironment
		if env != nil {
			tr.Proxy = env
		}
	}
	return &http.Client{Timeout: timeout, Transport: tr,
		// A robot never redirects; following one would send the message
		// (and maybe the token) elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Route names the proxy the environment sends a post to rawURL through
// ("HTTPS_PROXY proxy.corp:3128"), "" when it goes directly or through the
// channel's own proxy. The proxy's user and password are never named.
func Route(client *http.Client, rawURL string) string {
	tr, ok := client.Transport.(*http.Transport)
	if !ok || tr.Proxy == nil {
		return ""
	}
	req, err := http.NewRequest(http.MethodPost, rawURL, nil)
	if err != nil {
		return ""
	}
	u, err := tr.Proxy(req)
	if err != nil || u == nil {
		return ""
	}
	if req.URL.Scheme == "http" {
		return "HTTP_PROXY " + u.Host
	}
	return "HTTPS_PROXY " + u.Host
}

// Fingerprint names the robot the channel posts to, for what is kept of
// it (keepwarm.ChatBlock): a hash of its kind and webhook address, from
// which the address and its token cannot be read back.
func (c *Channel) Fingerprint() string {
	sum := sha256.Sum256([]byte(c.Kind + "\n" + robot(c.URL)))
	return hex.EncodeToString(sum[:12])
}

// KeptBlock reports whether b, the block an earlier process kept for the
// channel's name, holds for it: b was kept for the robot its URL names
// now. A channel whose URL names another robot since starts afresh. The
// dispatcher seeds its window with such a block, and check --notify does
// not post a test into it.
func (c *Channel) KeptBlock(b keepwarm.ChatBlock) bool {
	return b.Robot == c.Fingerprint()
}

func (c *Channel) wall() time.Time {
	if c.Wall != nil {
		return c.Wall()
	}
	return time.Now()
}

// notes returns the chat notes of items, in order.
func notes(items []keepwarm.OutboxItem) []keepwarm.ChatNote {
	out := make([]keepwarm.ChatNote, 0, len(items))
	for _, it := range items {
		if it.Chat != nil {
			out = append(out, *it.Chat)
		}
	}
	return out
}
