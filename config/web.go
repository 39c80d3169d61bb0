package config

import (
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// WebConfig is [web]: the web application `keepwarm run` serves.
type WebConfig struct {
	// Listen is host:port to serve on; "" turns the web application off.
	Listen string `toml:"listen"`
	// BaseURL is the address people open, used in sign-in, digest and
	// nudge links; an https one makes the session cookie Secure.
	BaseURL string `toml:"base_url"`
	// SessionLifetime is how long a sign-in lasts (default 30 days).
	SessionLifetime Duration `toml:"session_lifetime"`
	// TrustedProxies are the reverse proxies (CIDRs) in front: only for a
	// request from one of them is the client's address read from
	// X-Forwarded-For.
	TrustedProxies []string `toml:"trusted_proxies"`
}

// TrustedProxyNets are TrustedProxies parsed (validate refuses a bad one).
func (w *WebConfig) TrustedProxyNets() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range w.TrustedProxies {
		if p, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil {
			out = append(out, p.Masked())
		}
	}
	return out
}

// ProxyWarning is check's warning when the web application is served
// behind a TLS proxy that web.trusted_proxies does not list: keepwarm
// serves plain HTTP, so an https base_url means a proxy in front, and
// without the proxy listed every client counts as its address for the
// sign-in limits ("" when there is nothing to say).
func (w *WebConfig) ProxyWarning() string {
	if w.Listen == "" || len(w.TrustedProxies) > 0 {
		return ""
	}
	u, err := url.Parse(w.BaseURL)
	if err != nil || u.Scheme != "https" {
		return ""
	}
	return "web: base_url is https, so a TLS proxy forwards to web.listen " + w.Listen + ", and web.trusted_proxies is empty: " +
		"every client counts as the proxy's address for the sign-in limits, and a stranger's requests can refuse the whole team's and use up the links [notify] may mail; " +
		"list the proxy, e.g. trusted_proxies = [\"127.0.0.1/32\"] (a proxy in Docker comes from its bridge, e.g. \"172.17.0.1/32\"; keepwarm run logs the address once it forwards a request)"
}

// DefaultSessionLifetime is [web].session_lifetime's default.
const DefaultSessionLifetime = 30 * 24 * time.Hour

func (w *WebConfig) defaults() {
	if w.SessionLifetime.Duration == 0 {
		w.SessionLifetime.Duration = DefaultSessionLifetime
	}
	w.BaseURL = strings.TrimRight(strings.TrimSpace(w.BaseURL), "/")
}

func (w *WebConfig) validate(c *Config, bad func(key, format string, args ...any)) {
	if w.Listen != "" {
		if _, _, err := net.SplitHostPort(w.Listen); err != nil {
			bad("web.listen", "%q is not host:port: write it like \"127.0.0.1:8080\", or leave it empty to serve nothing", w.Listen)
		}
		if w.BaseURL == "" {
			bad("web.base_url", "is empty: give the address people open, e.g. \"https://keepwarm.example-export.com\" (links in mail point there)")
		}
	}
	if w.BaseURL != "" {
		u, err := url.Parse(w.BaseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad("web.base_url", "%q is not an http(s) URL: write it like \"https://keepwarm.example-export.com\"", w.BaseURL)
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			bad("web.base_url", "%q: give only scheme, host and an optional path", u.Redacted())
		}
	}
	for i, s := range w.TrustedProxies {
		if _, err := netip.ParsePrefix(strings.TrimSpace(s)); err != nil {
			bad("web.trusted_proxies", "entry %d, %q, is not a CIDR: write it like \"127.0.0.1/32\" or \"10.0.0.0/8\"", i+1, s)
		}
	}
	if w.SessionLifetime.Duration < time.Hour {
		bad("web.session_lifetime", "%s is too short: use at least \"1h\" (default \"720h\", 30 days)", w.SessionLifetime)
	}
	for i, m := range c.Team.Managers {
		if !strings.Contains(m, "@") {
			bad("team.managers", "entry %d, %q, is not an email address", i+1, m)
		}
	}
	for _, mb := range c.Mailboxes {
		if mb.Webmail == "" {
			continue
		}
		u, err := url.Parse(strings.ReplaceAll(mb.Webmail, "{message_id}", "x"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(mb.Webmail, "{message_id}") {
			bad("mailbox \""+mb.Name+"\".webmail", "%q: give the webmail's URL that finds a message, with {message_id} where the Message-ID goes, e.g. \"https://mail.google.com/mail/u/0/#search/rfc822msgid%%3A{message_id}\"", mb.Webmail)
		}
	}
}

// Managers are team.manager and team.managers: they see everything in the
// web application.
func (c *Config) Managers() []string {
	var out []string
	if c.Team.Manager != "" {
		out = append(out, c.Team.Manager)
	}
	return append(out, c.Team.Managers...)
}

// WebmailLink is the link that opens a message in its mailbox's webmail,
// "" when the mailbox has none.
func (c *Config) WebmailLink(mailbox, messageID string) string {
	mb, ok := c.Mailbox(mailbox)
	if !ok || mb.Webmail == "" || messageID == "" {
		return ""
	}
	return strings.ReplaceAll(mb.Webmail, "{message_id}", url.QueryEscape(messageID))
}
