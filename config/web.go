package config

import (
	"fmt"
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
	// X-Forwarded-For (without it, from Forwarded's for=).
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

// PlainWarning is check's and run's warning when the web application is
// served to the network over plain HTTP: an http base_url whose host is
// not this machine puts every mailed sign-in link and the session cookie
// (not Secure without https) on the wire readable, to anyone on the
// office Wi-Fi or a hotel's network ("" when there is nothing to say).
func (w *WebConfig) PlainWarning() string {
	if w.Listen == "" {
		return ""
	}
	u, err := url.Parse(w.BaseURL)
	if err != nil || u.Scheme != "http" || loopbackHost(u.Hostname()) {
		return ""
	}
	return "web.base_url " + w.BaseURL + " is plain http: the sign-in links [notify] mails and the session cookie (" + lifetimeWords(w.SessionLifetime.Duration) + ") cross the network readable, " +
		"and anyone on the path (the office Wi-Fi, a hotel's network) can sign in as the salesperson and read the customer list; " +
		"put a TLS proxy in front and write base_url = \"https://…\" (and trusted_proxies)"
}

// PathWarning is check's and run's warning of a base_url with a path while
// the web application is off (web.listen empty): only the links in
// digests and nudges use it then, so the config is not refused (it was
// accepted before), but turning the web application on with it would be
// ("" when there is nothing to say).
func (w *WebConfig) PathWarning() string {
	if w.Listen != "" || w.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(w.BaseURL)
	if err != nil || strings.Trim(u.Path, "/") == "" || strings.Contains(w.BaseURL, "@") {
		// One with "@" is refused at load, unquoted (validate).
		return ""
	}
	return fmt.Sprintf("web.base_url %q has a path, %q: keepwarm is served only at the root of a host, so the links in digests and nudges that lead there open no keepwarm page, "+
		"and setting web.listen with it is refused; give keepwarm a host or subdomain of its own, e.g. \"https://keepwarm.example-export.com\", or leave base_url empty", u.Redacted(), u.Path)
}

// lifetimeWords says how long a session lasts, in days, or in hours under
// a day or when not whole days: "good for 30 days", "good for 8 hours".
func lifetimeWords(d time.Duration) string {
	if d <= 0 {
		d = DefaultSessionLifetime
	}
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		if n := int(d / (24 * time.Hour)); n != 1 {
			return fmt.Sprintf("good for %d days", n)
		}
		return "good for 1 day"
	}
	if d%time.Hour == 0 {
		if n := int(d / time.Hour); n != 1 {
			return fmt.Sprintf("good for %d hours", n)
		}
		return "good for 1 hour"
	}
	return "good for " + d.String()
}

// loopbackHost is whether host names this machine only.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// WideProxyWarnings are check's warnings of web.trusted_proxies entries
// wider than a /8 (IPv4) or /32 (IPv6): every client inside one can write
// the address the sign-in limits count. A narrower range is not warned
// of from the config: an office LAN listed as if it were a proxy cannot
// be told from a load balancer's subnet (a cloud load balancer's
// addresses float, so its subnet is what to list) by the addresses
// keepwarm listens on or is opened at; run logs a listed range once a
// request shows it holds a client, naming the address.
func (w *WebConfig) WideProxyWarnings() []string {
	var out []string
	for _, p := range w.TrustedProxyNets() {
		if p.Bits() == 0 || (p.Addr().Is4() && p.Bits() >= 8) || (p.Addr().Is6() && p.Bits() >= 32) {
			continue
		}
		out = append(out, "web.trusted_proxies "+p.String()+" is very wide: every client in it is believed about its own address (X-Forwarded-For) and can use up another's sign-in allowance; "+
			"list the proxy's own address, e.g. \"127.0.0.1/32\" or \"172.17.0.1/32\"")
	}
	return out
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
		case strings.Contains(w.BaseURL, "@"):
			// Only a login starts an "@" here, and a "#", "?" or "/" in its
			// password makes the URL parse with the password as a port
			// and a fragment, query or path: it is not quoted, and the
			// links in mail are never built from it.
			bad("web.base_url", "carries a login (it has \"@\"; the URL is not quoted here, so that no password reaches a log): give only scheme and host (and a port), e.g. \"https://keepwarm.example-export.com\"")
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad("web.base_url", "%s is not an http(s) URL: write it like \"https://keepwarm.example-export.com\"", quotedURL(w.BaseURL))
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			bad("web.base_url", "%q: give only scheme and host (and a port), e.g. \"https://keepwarm.example-export.com\"", u.Redacted())
		case strings.Trim(u.Path, "/") != "" && w.Listen != "":
			// The pages, their forms and the cookies all live at the
			// root of the host: under a path the mailed links would
			// open pages whose buttons lead off the application.
			bad("web.base_url", "%q has a path, %q: keepwarm is served only at the root of a host; give it a host or subdomain of its own, e.g. \"https://keepwarm.example-export.com\", and have the proxy forward that host's / to web.listen", w.BaseURL, u.Path)
		}
	}
	for i, s := range w.TrustedProxies {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		switch {
		case err != nil:
			bad("web.trusted_proxies", "entry %d, %q, is not a CIDR: write it like \"127.0.0.1/32\" or \"10.0.0.0/8\"", i+1, s)
		case p.Bits() == 0:
			// Every address trusted: the leftmost X-Forwarded-For entry,
			// which the client writes itself, would be the one counted.
			bad("web.trusted_proxies", "entry %d, %q, trusts every address, so any client could name the address its sign-ins are counted as: "+
				"list the proxy's own address, e.g. \"127.0.0.1/32\" or \"172.17.0.1/32\"", i+1, s)
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
		if err == nil && u.User != nil {
			// The link is in every desk page that shows the mailbox's
			// mail: a login in it would be in all of them. An "@" in
			// the path or query (Gmail's /mail/u/<address>/) is no login.
			bad("mailbox \""+mb.Name+"\".webmail", "%s carries a login, which would be in every \"Open in webmail\" link on the desk: remove the user and password (the webmail asks for them itself)", quotedURL(mb.Webmail))
		} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.Contains(mb.Webmail, "{message_id}") {
			bad("mailbox \""+mb.Name+"\".webmail", "%s: give the webmail's URL that finds a message, with {message_id} where the Message-ID goes, e.g. \"https://mail.google.com/mail/u/0/#search/rfc822msgid%%3A{message_id}\"", quotedURL(mb.Webmail))
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
