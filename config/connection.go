package config

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"keepwarm/providers"
)

// Connection is how keepwarm reaches and logs in to a mail service: the
// keys a [[mailbox]] and [notify] share beyond their URLs.
type Connection struct {
	// Provider fills url, smtp_url, auth, server_saves_sent and the Sent
	// folder names from a preset: "gmail", "microsoft365", "exmail",
	// "qq", "netease", "qiye163", "aliyun"; "" sets nothing.
	Provider string `toml:"provider"`
	// Auth is "password" (the default) or "oauth2".
	Auth string `toml:"auth"`
	// TokenCmd prints an OAuth2 access token (e.g. "oama access lily@example.com").
	// Without it, auth = "oauth2" uses the refresh token `keepwarm auth`
	// stored, with OAuthClientID.
	TokenCmd             string `toml:"token_cmd"`
	OAuthClientID        string `toml:"oauth_client_id"`
	OAuthClientSecretEnv string `toml:"oauth_client_secret_env"` // Google's installed-app clients have one
	OAuthTenant          string `toml:"oauth_tenant"`            // Microsoft: a tenant id or domain; default "organizations"
	// OAuthDeviceURL, OAuthAuthURL and OAuthTokenURL replace the
	// provider's endpoints (Microsoft 365 operated by 21Vianet in China
	// has its own).
	OAuthDeviceURL string `toml:"oauth_device_url"`
	OAuthAuthURL   string `toml:"oauth_auth_url"`
	OAuthTokenURL  string `toml:"oauth_token_url"`
	// OAuthScopes replace the provider's scopes for the tokens keepwarm
	// keeps (21Vianet names its Exchange resource after its own host).
	OAuthScopes []string `toml:"oauth_scopes"`
	// SASLMechanism forces "xoauth2" or "oauthbearer"; "" takes what the
	// server offers, XOAUTH2 first.
	SASLMechanism string `toml:"sasl_mechanism"`
	// Proxy is socks5://host:port or http://host:port (CONNECT), for IMAP
	// and SMTP alike.
	Proxy string `toml:"proxy"`
	// ProxyPasswordEnv or ProxyPasswordCmd give the password of the user
	// written in Proxy (socks5://user@host:port), so it stays out of the
	// file as the mail password does.
	ProxyPasswordEnv string `toml:"proxy_password_env"`
	ProxyPasswordCmd string `toml:"proxy_password_cmd"`
	// IMAPID sends the IMAP ID command after login when the server offers
	// it (default true; NetEase needs it).
	IMAPID   *bool          `toml:"imap_id"`
	Timeouts TimeoutsConfig `toml:"timeouts"`
	// TLSCAFile is a PEM file of the certificate authority that signed the
	// servers' certificates (a team's own CA, or a self-signed certificate
	// itself), trusted for IMAP and SMTP besides the system's authorities.
	TLSCAFile string `toml:"tls_ca_file"`

	// authFromPreset: auth was not written; the provider's preset chose it.
	authFromPreset bool
	// tenantGuessed: oauth_tenant was not written; the username's domain
	// made it the provider's tenant for personal accounts.
	tenantGuessed bool
	// noDomain: a server URL was taken from a preset named after the
	// username's domain (imap.{domain}), and the username has none.
	noDomain bool
	// presetServer: a server URL was taken from the preset.
	presetServer bool
}

// TimeoutsConfig is a mailbox's [timeouts] table; unset keys take the
// defaults in mailsync.Timeouts.
type TimeoutsConfig struct {
	Dial      Duration `toml:"dial"`       // TCP connect, proxy included [30s]
	TLS       Duration `toml:"tls"`        // TLS handshake [30s]
	Login     Duration `toml:"login"`      // greeting, login and ID [1m]
	Command   Duration `toml:"command"`    // silence allowed while a command waits [2m]
	IdleRenew Duration `toml:"idle_renew"` // IDLE restarted this often [25m]
	SMTPSend  Duration `toml:"smtp_send"`  // one whole SMTP send, DATA and its answer included [5m]
}

// IDEnabled reports whether IMAP ID is sent.
func (c Connection) IDEnabled() bool { return c.IMAPID == nil || *c.IMAPID }

// SendsID reports whether IMAP ID is sent even where the server does not
// advertise it: imap_id = true is written, or the provider's servers need
// it (NetEase) and imap_id = false does not turn it off.
func (c Connection) SendsID() bool {
	if c.IMAPID != nil && *c.IMAPID {
		return true
	}
	p, ok := c.Preset()
	return ok && p.NeedsID && c.IDEnabled()
}

// OAuth2 reports whether the mailbox logs in with OAuth2.
func (c Connection) OAuth2() bool { return c.Auth == "oauth2" }

// ProxyURL is the proxy to dial through, with the password from
// proxy_password_env or proxy_password_cmd put in; "" for none. key names
// the mailbox (or notify) in errors, which never hold the password;
// proxy_password_cmd runs in dir (Config.Dir).
func (c Connection) ProxyURL(ctx context.Context, dir, key string, getenv func(string) string) (string, error) {
	if c.Proxy == "" || (c.ProxyPasswordEnv == "" && c.ProxyPasswordCmd == "") {
		return c.Proxy, nil
	}
	u, err := url.Parse(c.Proxy)
	if err != nil || u.User == nil {
		return "", fmt.Errorf("%s: proxy has no user for its password", key)
	}
	pw, err := SecretFrom(ctx, dir, key+".proxy_password_env", c.ProxyPasswordEnv, key+".proxy_password_cmd", c.ProxyPasswordCmd, "the proxy's password", getenv)
	if err != nil {
		return "", err
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String(), nil
}

// ProxyPasswordInline reports whether proxy carries its password in the
// file itself.
func (c Connection) ProxyPasswordInline() bool {
	u, err := url.Parse(c.Proxy)
	if err != nil || u.User == nil {
		return false
	}
	_, ok := u.User.Password()
	return ok
}

// Preset is the provider's preset, if a provider is set.
func (c Connection) Preset() (providers.Preset, bool) {
	if c.Provider == "" {
		return providers.Preset{}, false
	}
	return providers.Get(c.Provider)
}

// presetDefaults fills a mailbox's unset keys from its provider.
func (m *MailboxConfig) presetDefaults() {
	m.Auth = strings.ToLower(strings.TrimSpace(m.Auth))
	m.ServerSavesSent = m.SavesSent != nil && *m.SavesSent
	p, ok := m.Preset()
	if !ok {
		if m.Auth == "" {
			m.Auth = "password"
		}
		// Without provider, the one url's host names (as check guesses
		// it): Gmail's or Microsoft's server files the sends of its own
		// SMTP server into Sent as it does with provider set, and a copy
		// keepwarm APPENDed would show twice there.
		if u, err := url.Parse(m.URL); err == nil && m.SavesSent == nil {
			if g, ok := providers.Get(providers.Guess(u.Host)); ok && g.ServerSavesSent && g.OwnSMTP(m.SMTPURL, m.Username) {
				m.ServerSavesSent = true
			}
		}
		return
	}
	// A username with a space around it is refused by its own key
	// (unspaced): the servers are named from it without the space, so that
	// no url or smtp_url the user never wrote is refused as well.
	user := strings.TrimSpace(m.Username)
	imapURL, smtpURL := p.URLs(user)
	if m.URL == "" {
		m.URL = imapURL
		m.StartTLS = p.StartTLS
		m.noDomain = m.noDomain || p.NeedsDomain(p.IMAPURL, user)
		m.presetServer = true
	}
	if m.SMTPURL == "" {
		m.SMTPURL = smtpURL
		m.noDomain = m.noDomain || p.NeedsDomain(p.SMTPURL, user)
		m.presetServer = true
	}
	m.defaultAuth(p, m.PasswordEnv != "" || m.PasswordCmd != "")
	m.defaultTenant(p, user)
	if m.SavesSent == nil && p.ServerSavesSent && p.OwnSMTP(m.SMTPURL, user) {
		m.ServerSavesSent = true
	}
}

func (n *NotifyConfig) presetDefaults() {
	if n.mailUnset() || n.senderLessKeys() != nil {
		return // no [notify] mail sender: nudges by mail off
	}
	n.Auth = strings.ToLower(strings.TrimSpace(n.Auth))
	p, ok := n.Preset()
	if !ok {
		if n.Auth == "" {
			n.Auth = "password"
		}
		return
	}
	user := strings.TrimSpace(n.Username) // as a mailbox's: refused by its own key
	if _, smtpURL := p.URLs(user); n.SMTPURL == "" {
		n.SMTPURL = smtpURL
		n.noDomain = p.NeedsDomain(p.SMTPURL, user)
		n.presetServer = true
	}
	n.defaultAuth(p, n.PasswordEnv != "" || n.PasswordCmd != "")
	n.defaultTenant(p, user)
}

// defaultTenant signs a personal account (lily@hotmail.com) in at the
// provider's tenant for them when oauth_tenant is unset: Microsoft's
// default, "organizations", answers it "You can't sign in here with a
// personal account" in the browser, and the code runs out with nothing
// said here. Only for the preset's own sign-in addresses, which have
// {tenant}: 21Vianet's serve no personal accounts.
func (c *Connection) defaultTenant(p providers.Preset, username string) {
	if p.OAuth == nil || c.OAuthTenant != "" || c.Auth != "oauth2" || c.TokenCmd != "" || c.OAuthClientID == "" ||
		c.OAuthDeviceURL != "" || c.OAuthAuthURL != "" || c.OAuthTokenURL != "" || !p.OAuth.ConsumerAccount(username) {
		return
	}
	c.OAuthTenant, c.tenantGuessed = p.OAuth.ConsumerTenant, true
}

// TenantGuessed says whether OAuthTenant was not written but guessed from
// the username's domain (a personal Microsoft account's, at "consumers").
func (c Connection) TenantGuessed() bool { return c.tenantGuessed }

// defaultAuth fills an unset auth from the provider's preset. A password
// source with nothing of OAuth2 beside it is an app password (Gmail's) where
// the provider takes one: the person who set the password meant it.
func (c *Connection) defaultAuth(p providers.Preset, hasPassword bool) {
	if c.Auth != "" {
		return
	}
	c.Auth, c.authFromPreset = p.Auth, true
	if c.Auth == "oauth2" && p.PasswordOK && hasPassword && c.TokenCmd == "" && c.OAuthClientID == "" {
		c.Auth = "password"
	}
}

// validate checks the connection keys of one mailbox or [notify]; key is
// its prefix ("mailbox \"team\"" or "notify"). hasPassword says whether a
// password source is set.
func (c Connection) validate(key keyPath, hasPassword bool, bad func(key, format string, args ...any)) {
	p, hasPreset := c.Preset()
	if c.Provider != "" && !hasPreset {
		bad(key.at("provider"), "%q is not a known provider: use one of %s, or leave it out and set url and smtp_url", c.Provider, strings.Join(providers.Names(), ", "))
	}
	if c.noDomain {
		bad(key.at("username"), "has no @domain, but %s's servers are named after it (imap.163.com for @163.com): write the full address, e.g. \"lily@163.com\", or set url and smtp_url", p.Title)
	}
	if hasPreset && p.NeedsID && !c.IDEnabled() {
		bad(key.at("imap_id"), "%s refuses mail to clients that send no IMAP ID: remove imap_id = false", p.Title)
	}
	switch c.Auth {
	case "password":
		if hasPreset && !p.PasswordOK {
			bad(key.at("auth"), "%s needs auth = \"oauth2\": it accepts no password login", p.Title)
		}
		if c.TokenCmd != "" {
			bad(key.at("token_cmd"), "is set but auth is \"password\": set auth = \"oauth2\" to use it")
		}
	case "oauth2":
		if c.TokenCmd == "" && c.OAuthClientID == "" {
			bad(key.at("token_cmd"), "auth = \"oauth2\" needs an access token: set token_cmd = \"command that prints one\", or oauth_client_id and run `keepwarm auth`")
		}
		if c.TokenCmd == "" && c.OAuthClientID != "" && (!hasPreset || p.OAuth == nil) {
			bad(key.at("provider"), "keepwarm can keep OAuth2 tokens itself only for provider = \"microsoft365\" or \"gmail\"; elsewhere set token_cmd")
		}
		if c.TokenCmd == "" && c.OAuthClientID != "" && hasPreset && p.OAuth != nil && p.OAuth.NeedsSecret && c.OAuthClientSecretEnv == "" {
			bad(key.at("oauth_client_secret_env"), "%s's clients for installed applications have a client secret: put it in an environment variable and name that variable here", p.Title)
		}
		switch {
		case !hasPassword:
		case c.authFromPreset && p.PasswordOK:
			bad(key.at("auth"), "is not set, so %s logs in with OAuth2, but a password source is set too: for an app password set auth = \"password\" (and remove token_cmd/oauth_client_id); for OAuth2 remove password_env/password_cmd", p.Title)
		case c.authFromPreset:
			bad(key.at("auth"), "is not set and %s takes no password, only OAuth2: remove password_env/password_cmd", p.Title)
		default:
			bad(key.at("auth"), "is \"oauth2\" but a password source is set too: remove password_env/password_cmd")
		}
	default:
		bad(key.at("auth"), "%q: use \"password\" or \"oauth2\"", c.Auth)
	}
	if len(c.OAuthScopes) > 0 && (c.Auth != "oauth2" || c.TokenCmd != "") {
		bad(key.at("oauth_scopes"), "is for the tokens keepwarm keeps (auth = \"oauth2\" with oauth_client_id): token_cmd's tool asks for its own scopes")
	}
	c.validateKeptTokenKeys(key, p, hasPreset, bad)
	for _, sc := range c.OAuthScopes {
		if strings.TrimSpace(sc) == "" || strings.ContainsAny(sc, " \t") {
			bad(key.at("oauth_scopes"), "%q is not a scope: write one scope a string, e.g. %s", sc, examples["oauth_scopes"])
		}
	}
	if len(c.OAuthScopes) > 0 && c.Auth == "oauth2" && c.TokenCmd == "" && hasPreset && p.OAuth != nil && p.OAuth.DeviceFlow &&
		!slices.ContainsFunc(c.OAuthScopes, func(sc string) bool { return strings.EqualFold(strings.TrimSpace(sc), "offline_access") }) {
		// Microsoft gives a refresh token only for it: the person would
		// finish the sign-in and keepwarm could keep nothing.
		bad(key.at("oauth_scopes"), "has no \"offline_access\", without which %s gives no refresh token for keepwarm to keep: add it, e.g. %s", p.Title, examples["oauth_scopes"])
	}
	switch strings.ToLower(c.SASLMechanism) {
	case "", "xoauth2", "oauthbearer":
	default:
		bad(key.at("sasl_mechanism"), "%q: use \"xoauth2\" or \"oauthbearer\" (or leave it out)", c.SASLMechanism)
	}
	for k, v := range map[string]string{"oauth_device_url": c.OAuthDeviceURL, "oauth_auth_url": c.OAuthAuthURL, "oauth_token_url": c.OAuthTokenURL} {
		if u, err := url.Parse(v); strings.Contains(v, "@") {
			// An endpoint's URL has no login, and no "@" anywhere else:
			// one is refused unquoted, since a "#", "/" or "?" in a
			// password makes it parse as a port and a path.
			bad(key.at(k), "carries a login (it has \"@\"; the URL is not quoted here, so that no password reaches a log): write the endpoint's URL as the provider gives it, like \"https://login.example.com/oauth2/token\"")
		} else if v != "" && (err != nil || u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
			bad(key.at(k), "%s is not an https:// URL", quotedURL(v))
		}
	}
	c.validateProxy(key, bad)
	unspaced(bad, key.at("oauth_client_id"), c.OAuthClientID, true)
	unspaced(bad, key.at("oauth_client_secret_env"), c.OAuthClientSecretEnv, true)
	unspaced(bad, key.at("proxy_password_env"), c.ProxyPasswordEnv, true)
	t := c.Timeouts
	for _, d := range []struct {
		name string
		v    Duration
		min  time.Duration
	}{
		{"dial", t.Dial, time.Second}, {"tls", t.TLS, time.Second}, {"login", t.Login, time.Second},
		{"command", t.Command, time.Second}, {"idle_renew", t.IdleRenew, time.Minute}, {"smtp_send", t.SMTPSend, 10 * time.Second},
	} {
		if d.v.Duration != 0 && d.v.Duration < d.min {
			bad(key.at("timeouts."+d.name), "%s is too short: use at least %s, or leave it out for the default", d.v.Duration, d.min)
		}
	}
	if t.IdleRenew.Duration > 29*time.Minute {
		bad(key.at("timeouts.idle_renew"), "%s is too long: servers drop an IDLE after 30 minutes; use at most \"29m\"", t.IdleRenew.Duration)
	}
}

// hasPassword reports whether a password source is set.
func (m MailboxConfig) hasPassword() bool { return m.PasswordEnv != "" || m.PasswordCmd != "" }

// RootCAs is what a connection's TLS checks its servers' certificates
// against: the system's authorities and those in tls_ca_file (a relative
// path is relative to the config file's directory); nil, the system's
// alone, when tls_ca_file is unset.
func (c *Config) RootCAs(conn Connection) (*x509.CertPool, error) {
	if conn.TLSCAFile == "" {
		return nil, nil
	}
	path := conn.TLSCAFile
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.dir, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", path)
	}
	return pool, nil
}

// checkCAFiles checks that every tls_ca_file set holds a certificate. It
// runs once the config file's directory is known (Load), since a relative
// path is relative to it.
func (c *Config) checkCAFiles() error {
	var errs []error
	check := func(key string, conn Connection) {
		if _, err := c.RootCAs(conn); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v: give the PEM file of the certificate authority that signed the server's certificate (or the self-signed certificate itself)", key, err))
		}
	}
	for i, m := range c.Mailboxes {
		check(keyPath(nil).item("mailbox", i, m.Name, true).at("tls_ca_file"), m.Connection)
	}
	check("notify.tls_ca_file", c.Notify.Connection)
	return errors.Join(errs...)
}

// ServiceError says why the mailbox's provider does not fit its username
// (serviceError), nil when it does. The mailbox stops with it and the
// others run: a config that loaded before the check existed keeps the rest
// of the team going.
func (m MailboxConfig) ServiceError() error {
	return m.Connection.serviceError(keyPath(nil).item("mailbox", 0, m.Name, true), m.Username, m.URL, m.SMTPURL)
}

// ServiceError is ServiceError for the [notify] sender, which has no url.
func (n NotifyConfig) ServiceError() error {
	if n.mailUnset() {
		return nil
	}
	return n.Connection.serviceError(pathOf("notify"), n.Username, "", n.SMTPURL)
}

// serviceError refuses a preset whose servers were filled in for a
// username of another service: provider = "netease" for an address on the
// company's own domain makes up imap.<that domain>, a host nobody named,
// and every error after it would point at keys never written. imapURL and
// smtpURL are the servers used so far ("" for a connection without the
// key), printed so that a server that did answer there can be kept.
func (c Connection) serviceError(key keyPath, username, imapURL, smtpURL string) error {
	p, ok := c.Preset()
	if !ok || !c.presetServer {
		return nil
	}
	domain, want, other := p.OtherService(username)
	if !other {
		return nil
	}
	hint := ""
	if q, ok := providers.Get(want); ok {
		hint = fmt.Sprintf(": for %s use provider = %q", q.Title, q.Name)
	}
	keys := "url and smtp_url"
	if imapURL == "" {
		keys = "smtp_url"
	}
	if len(p.Domains) > 0 {
		var kept []string
		if imapURL != "" {
			kept = append(kept, fmt.Sprintf("url = %q", imapURL))
		}
		kept = append(kept, fmt.Sprintf("smtp_url = %q", smtpURL))
		return fmt.Errorf("%s: %q serves addresses at %s only, and %s is not one%s; or set %s to the servers of %s (to keep the servers used so far, write %s)",
			key.at("provider"), p.Name, strings.Join(p.Domains, ", "), username, hint, keys, domain, strings.Join(kept, ", "))
	}
	return fmt.Errorf("%s: %q is %s, but %s is an address of another service%s; or set %s",
		key.at("provider"), p.Name, p.Title, username, hint, keys)
}

// validateProxy checks the proxy keys of a mailbox or [notify].
func (c Connection) validateProxy(key keyPath, bad func(key, format string, args ...any)) {
	validateProxyKeys(key.at, c.Proxy, c.ProxyPasswordEnv, c.ProxyPasswordCmd,
		"set proxy = \"socks5://user@host:port\", or remove it", bad)
}

// validateProxyKeys checks a proxy URL and the keys its password is read
// from, named by at: a mailbox's, [notify]'s or a channel's, so that a
// rule on proxies holds for each. noProxy is what to do about a password
// source without a proxy (a channel's falls back on [notify]'s proxy).
func validateProxyKeys(at func(string) string, proxy, pwEnv, pwCmd, noProxy string, bad func(key, format string, args ...any)) {
	pwFrom := pwEnv != "" || pwCmd != ""
	if proxy != "" {
		u, err := url.Parse(proxy)
		if strings.Contains(proxy, "@") && (err != nil || u.User == nil) {
			// A "#", "/" or "?" in the password: the URL does not parse,
			// or parses with the user as the host, the password's digits
			// as its port and the rest as a fragment, path or query; so
			// it is not quoted, here or by the dials' errors.
			bad(at("proxy"), "has a login that does not parse, as with a \"#\", \"/\" or \"?\" in the password (the URL is not quoted here, so that no password reaches a log): "+
				"write proxy like \"socks5://user@127.0.0.1:1080\" and put the password in proxy_password_env or proxy_password_cmd")
		} else if err != nil || u.Host == "" || (u.Scheme != "socks5" && u.Scheme != "socks5h" && u.Scheme != "http") {
			bad(at("proxy"), "is not a proxy URL: write it like \"socks5://127.0.0.1:1080\" or \"http://proxy.example.com:3128\"")
		} else if like := proxyWithPort(u); like != "" {
			bad(at("proxy"), "has no port: write the proxy's port after its host, like %q", like)
		} else if _, inline := u.User.Password(); inline && pwFrom {
			bad(at("proxy"), "carries a password and proxy_password_env/proxy_password_cmd is set too: remove the password from proxy")
		} else if pwFrom && (u.User == nil || u.User.Username() == "") {
			bad(at("proxy"), "has no user for proxy_password_env/proxy_password_cmd: write it in proxy, like \"socks5://user@127.0.0.1:1080\"")
		}
	} else if pwFrom {
		bad(at("proxy_password_env"), "is set but proxy is not: %s", noProxy)
	}
	if pwEnv != "" && pwCmd != "" {
		bad(at("proxy_password_cmd"), "both proxy_password_env and proxy_password_cmd are set: keep one")
	}
}

// proxyWithPort is "" when the proxy URL u names its port, else u as it
// should be written, with the usual port of its scheme (1080 for socks5,
// 3128 for http) and never its password. The dials (IMAP, SMTP, tokens, a
// chat channel's posts) take host:port as written: without a port every
// connection fails with "missing port in address".
func proxyWithPort(u *url.URL) string {
	if u.Port() != "" {
		return ""
	}
	port := "1080"
	if u.Scheme == "http" {
		port = "3128"
	}
	like := u.Scheme + "://"
	if u.User != nil && u.User.Username() != "" {
		like += u.User.Username() + "@" // never the password
	}
	return like + net.JoinHostPort(u.Hostname(), port)
}

// tenantName is a Microsoft tenant as the sign-in's address takes it: its
// id (a GUID), a domain (contoso.onmicrosoft.com), or "organizations",
// "common", "consumers".
var tenantName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// validateKeptTokenKeys refuses the keys of the tokens keepwarm keeps
// (oauth_client_id and the rest) where nothing reads them: with auth =
// "password" or beside token_cmd, and oauth_tenant where no sign-in
// address has {tenant}; and an oauth_tenant that is not a tenant (an
// address pasted from the portal would be put inside the sign-in's).
func (c Connection) validateKeptTokenKeys(key keyPath, p providers.Preset, hasPreset bool, bad func(key, format string, args ...any)) {
	keys := []struct{ name, v string }{
		{"oauth_client_id", c.OAuthClientID}, {"oauth_client_secret_env", c.OAuthClientSecretEnv}, {"oauth_tenant", c.OAuthTenant},
		{"oauth_device_url", c.OAuthDeviceURL}, {"oauth_auth_url", c.OAuthAuthURL}, {"oauth_token_url", c.OAuthTokenURL},
	}
	for _, k := range keys {
		switch {
		case k.v == "":
		case c.Auth != "oauth2":
			bad(key.at(k.name), "is for the tokens keepwarm keeps with auth = \"oauth2\", but auth is %q: remove it, or set auth = \"oauth2\"", c.Auth)
		case c.TokenCmd != "":
			bad(key.at(k.name), "is for the tokens keepwarm keeps, but token_cmd is set and gets the tokens itself: remove one of them")
		case k.name != "oauth_client_id" && c.OAuthClientID == "":
			bad(key.at(k.name), "is for the tokens keepwarm keeps, which need oauth_client_id: set it, or remove %s", k.name)
		}
	}
	if c.OAuthTenant == "" || c.Auth != "oauth2" || c.TokenCmd != "" || c.OAuthClientID == "" {
		return
	}
	if !tenantName.MatchString(c.OAuthTenant) {
		bad(key.at("oauth_tenant"), "%q is not a tenant: write the tenant id (a GUID such as \"7b3c1e2a-…\") or its domain (\"contoso.onmicrosoft.com\"), not an address and without spaces", c.OAuthTenant)
		return
	}
	urls := []string{c.OAuthDeviceURL, c.OAuthAuthURL, c.OAuthTokenURL}
	if hasPreset && p.OAuth != nil {
		urls = append(urls, p.OAuth.DeviceURL, p.OAuth.AuthURL, p.OAuth.TokenURL)
	}
	for i, u := range urls {
		if u != "" && (i < 3 || urls[i%3] == "") && strings.Contains(u, "{tenant}") {
			return
		}
	}
	title := "this connection"
	if hasPreset {
		title = p.Title
	}
	// The preset's sign-in has a tenant, but the addresses written here
	// replace it (21Vianet's, with a literal "organizations"): the tenant
	// goes into them, which removing oauth_tenant would not do.
	var replaced []string
	for i, name := range []string{"oauth_device_url", "oauth_auth_url", "oauth_token_url"} {
		if urls[i] != "" && len(urls) > 3 && strings.Contains(urls[i+3], "{tenant}") {
			replaced = append(replaced, name)
		}
	}
	if len(replaced) > 0 {
		bad(key.at("oauth_tenant"), "is set, but %s replace %s's sign-in addresses and have no {tenant}: write {tenant} where the tenant goes in them (\".../{tenant}/oauth2/v2.0/token\"), or remove oauth_tenant", strings.Join(replaced, " and "), title)
		return
	}
	bad(key.at("oauth_tenant"), "is set, but %s's sign-in has no tenant (no {tenant} in its addresses): remove it", title)
}
