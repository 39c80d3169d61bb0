package app

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"golang.org/x/oauth2"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/providers"
	"keepwarm/store"
)

// transport is how one mailbox (or [notify]) reaches its servers and logs
// in, apart from the URLs: what IMAP and SMTP share.
type transport struct {
	auth     string // mailsync.AuthPassword or AuthOAuth2
	mech     string // forced OAuth2 mechanism, "" = what the server offers
	token    mailsync.TokenSource
	dial     mailsync.DialFunc
	timeouts mailsync.Timeouts
}

// transport resolves a Connection's proxy, timeouts and token source. name
// is the mailbox (or config.NotifyMailbox). Token sources are made once per
// name and shared by IMAP and SMTP, so one refresh serves both.
func (a *App) transport(ctx context.Context, name string, c config.Connection) (transport, error) {
	t := transport{
		auth: c.Auth,
		mech: strings.ToUpper(c.SASLMechanism),
		timeouts: mailsync.Timeouts{
			Dial: c.Timeouts.Dial.Duration, TLS: c.Timeouts.TLS.Duration, Login: c.Timeouts.Login.Duration,
			Command: c.Timeouts.Command.Duration, IdleRenew: c.Timeouts.IdleRenew.Duration,
		}.WithDefaults(),
	}
	if t.auth == "" {
		t.auth = mailsync.AuthPassword
	}
	proxy, err := a.proxyURL(ctx, name, c)
	if err != nil {
		return t, err
	}
	dial, err := mailsync.NewDialer(proxy, t.timeouts.Dial)
	if err != nil {
		return t, fmt.Errorf("mailbox %q: proxy: %w", name, err)
	}
	if proxy != "" {
		t.dial = dial
	}
	if t.auth == mailsync.AuthOAuth2 {
		t.token = a.tokenSource(name, c)
	}
	return t, nil
}

// ProxyPasswordWarning is logged at start, and printed by check, for a
// proxy written with its password.
const ProxyPasswordWarning = "the proxy's password is written in the config file: anyone who reads the file (a backup, a copy pasted in a chat) has it; write the proxy without it and set proxy_password_env or proxy_password_cmd"

// proxyURL is the connection's proxy with the password from
// proxy_password_env or proxy_password_cmd put in; "" for none. The
// password is read once (Secret), however many parts (IMAP, SMTP, the
// token's refresh, a chat channel through [notify]'s proxy) dial through
// the proxy.
func (a *App) proxyURL(ctx context.Context, name string, c config.Connection) (string, error) {
	key := fmt.Sprintf("mailbox %q", name)
	if name == config.NotifyMailbox {
		key = "notify"
	}
	return a.proxyURLAt(ctx, key, c)
}

// proxyURLAt is proxyURL for the proxy of the config's key (a mailbox,
// notify, a [[notify.channel]]), which names it in errors and keys its
// password in Secret.
func (a *App) proxyURLAt(ctx context.Context, key string, c config.Connection) (string, error) {
	if c.Proxy == "" || (c.ProxyPasswordEnv == "" && c.ProxyPasswordCmd == "") {
		return c.Proxy, nil
	}
	return a.Secret(ctx, key+".proxy_password", func() (string, error) {
		return c.ProxyURL(ctx, a.Cfg.Dir(), key, a.Getenv)
	})
}

// tokenSource returns the mailbox's access-token source: token_cmd, or the
// refresh token `keepwarm auth` stored, read from the database at the first
// login (so a mailbox not yet signed in fails alone, saying what to run).
func (a *App) tokenSource(name string, c config.Connection) mailsync.TokenSource {
	a.tokensMu.Lock()
	defer a.tokensMu.Unlock()
	if a.tokens == nil {
		a.tokens = map[string]mailsync.TokenSource{}
	}
	if ts, ok := a.tokens[name]; ok {
		return ts
	}
	var ts mailsync.TokenSource
	if c.TokenCmd != "" {
		ts = mailsync.CommandToken(c.TokenCmd, a.Cfg.Dir(), 0)
	} else {
		ts = &storedToken{a: a, name: name, conn: c}
	}
	a.tokens[name] = ts
	return ts
}

// storedToken opens the stored refresh token on first use and then keeps
// the access token fresh with it. A `keepwarm auth` run elsewhere while the
// daemon runs stores a newer sign-in: the next Token call starts from it,
// and the token in hand is never written over it.
type storedToken struct {
	a        *App
	name     string
	conn     config.Connection
	mu       sync.Mutex
	src      *mailsync.RefreshingToken
	obtained time.Time // the sign-in src descends from
}

func (s *storedToken) Token(ctx context.Context) (string, error) {
	src, err := s.current(ctx)
	if err != nil {
		return "", err
	}
	tok, err := src.Token(ctx)
	if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
		// Signed in again between the check and the refresh: the new
		// sign-in is stored, so take it.
		s.drop(src)
		if src, err = s.current(ctx); err != nil {
			return "", err
		}
		return src.Token(ctx)
	}
	return tok, err
}

// Invalidate forgets token, which a mail server refused, in the sign-in in
// hand: the next Token call refreshes.
func (s *storedToken) Invalidate(token string) {
	s.mu.Lock()
	src := s.src
	s.mu.Unlock()
	if src != nil {
		src.Invalidate(token)
	}
}

// current is the token source of the stored sign-in, loaded again when the
// stored one is newer than the one in hand.
func (s *storedToken) current(ctx context.Context) (*mailsync.RefreshingToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.src != nil {
		obtained, err := s.a.DB.OAuthTokenObtained(ctx, s.name)
		if err != nil {
			return nil, err
		}
		if obtained.Equal(s.obtained) {
			return s.src, nil
		}
		s.a.Log.Info("OAuth2 token: the mailbox was signed in again; using the new sign-in", "mailbox", s.name)
		s.src = nil
	}
	src, obtained, err := s.a.refreshingToken(ctx, s.name, s.conn)
	if err != nil {
		return nil, err
	}
	s.src, s.obtained = src, obtained
	return src, nil
}

func (s *storedToken) drop(src *mailsync.RefreshingToken) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.src == src {
		s.src = nil
	}
}

// OAuthConfig is the OAuth2 client of a connection: its provider's
// endpoints and scopes, the configured client id (and secret).
func (a *App) OAuthConfig(c config.Connection) (*oauth2.Config, providers.Preset, error) {
	p, ok := c.Preset()
	if !ok || p.OAuth == nil {
		return nil, p, keepwarm.Errorf(keepwarm.EINVALID, "keepwarm keeps OAuth2 tokens only for provider = \"microsoft365\" or \"gmail\": set token_cmd instead")
	}
	if c.OAuthClientID == "" {
		return nil, p, keepwarm.Errorf(keepwarm.EINVALID, "oauth_client_id is not set: register an app with %s and put its client id there", p.Title)
	}
	device, tokenURL := p.OAuth.Endpoints(c.OAuthTenant)
	authURL := p.OAuth.AuthURL
	// An endpoint written in the config takes {tenant} as the preset's do.
	tenant := p.OAuth.Tenant(c.OAuthTenant)
	if c.OAuthDeviceURL != "" {
		device = tenant.Replace(c.OAuthDeviceURL)
	}
	if c.OAuthAuthURL != "" {
		authURL = tenant.Replace(c.OAuthAuthURL)
	}
	if c.OAuthTokenURL != "" {
		tokenURL = tenant.Replace(c.OAuthTokenURL)
	}
	scopes := p.OAuth.Scopes
	if len(c.OAuthScopes) > 0 {
		scopes = c.OAuthScopes
	}
	oc := &oauth2.Config{
		ClientID: c.OAuthClientID,
		Endpoint: oauth2.Endpoint{DeviceAuthURL: device, AuthURL: authURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams},
		Scopes:   scopes,
	}
	if c.OAuthClientSecretEnv != "" {
		oc.ClientSecret = config.EnvSecret(a.Getenv, c.OAuthClientSecretEnv)
		if oc.ClientSecret == "" {
			return nil, p, keepwarm.Errorf(keepwarm.EINVALID, "oauth_client_secret_env: environment variable %s is empty or unset", c.OAuthClientSecretEnv)
		}
	}
	return oc, p, nil
}

// SecretKey loads the key that seals stored tokens: KEEPWARM_SECRET_KEY, or
// the key file beside the database (created when create is set).
func (a *App) SecretKey(create bool) (store.SecretKey, error) {
	k, err := store.LoadSecretKey(a.Getenv, a.KeyPath(), create)
	if err != nil {
		return k, keyFileUnreadable(a.KeyPath(), a.Cfg.DatabasePath(), err)
	}
	return k, nil
}

// unusableKeyFor names mailbox name in the fix of a key file that holds
// no usable key; any other error is returned as it is.
func unusableKeyFor(name string, err error) error {
	var unusable *store.UnusableKeyError
	if !errors.As(err, &unusable) {
		return err
	}
	return &KeyFileError{Msg: unusable.Problem(), Fix: unusable.Fix(name), Err: err}
}

// LoadOAuthToken is the store's LoadOAuthToken, naming [notify] as the
// config does when it has no sign-in kept, and saying so when the
// sign-in does not open with KEEPWARM_SECRET_KEY but does with the key
// file beside the database: `keepwarm auth` ran without the variable the
// service has, and running it again the same way changes nothing.
func (a *App) LoadOAuthToken(ctx context.Context, key store.SecretKey, name string) (store.OAuthToken, error) {
	tok, err := a.DB.LoadOAuthToken(ctx, key, name)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		// [notify] is no mailbox of the config's.
		return tok, keepwarm.Errorf(keepwarm.ENOTFOUND, "%s has no stored OAuth2 token: run `keepwarm auth %s`", signInOwner(name), name)
	}
	if err == nil || keepwarm.ErrorCode(err) != keepwarm.EINVALID || strings.TrimSpace(a.Getenv(store.SecretKeyEnv)) == "" {
		return tok, err
	}
	fileKey, ferr := store.LoadSecretKey(func(string) string { return "" }, a.KeyPath(), false)
	if ferr != nil {
		return tok, err
	}
	if _, ferr := a.DB.LoadOAuthToken(ctx, fileKey, name); ferr != nil {
		return tok, err
	}
	return tok, &KeyFileError{
		Msg: fmt.Sprintf("the stored sign-in of %s is sealed with the key file %s, but this process has %s, which wins over the file",
			name, a.KeyPath(), store.SecretKeyEnv),
		Fix: fmt.Sprintf("run `keepwarm auth %s` with the service's environment (the %s its unit sets, e.g. from its EnvironmentFile), or remove %s from that environment so the key file is read",
			name, store.SecretKeyEnv, store.SecretKeyEnv),
		Err: err,
	}
}

// SignInFits says whether the kept sign-in tok was made for the
// connection c of mailbox name as the config has it now: the same
// provider, oauth_client_id and username. A mailbox moved to another
// provider, or given another client or account, must not send its old
// refresh token to the new token endpoint (a live secret handed to a third
// party, answered with a refusal that would count as a refused login): the
// error is ENOTFOUND, as with no sign-in kept, and names the key that
// changed. A sign-in kept before the client and account were recorded is
// compared by its provider alone.
func (a *App) SignInFits(name string, c config.Connection, tok store.OAuthToken) error {
	p, _ := c.Preset()
	kept, known := providers.Get(tok.Provider)
	keptName, keptTitle := strings.ToLower(strings.TrimSpace(tok.Provider)), tok.Provider
	if known {
		keptName, keptTitle = kept.Name, kept.Title
	}
	whose := keptTitle + "'s"
	if tok.Username != "" {
		whose += " (" + tok.Username + ")"
	}
	var differs string
	username := a.usernameOf(name)
	switch {
	case keptName != "" && keptName != p.Name:
		differs = fmt.Sprintf("the config says provider = %q", c.Provider)
	case tok.ClientID != "" && tok.ClientID != c.OAuthClientID:
		differs = fmt.Sprintf("made with oauth_client_id %q, the config says %q", tok.ClientID, c.OAuthClientID)
	case tok.Username != "" && username != "" && !strings.EqualFold(strings.TrimSpace(tok.Username), strings.TrimSpace(username)):
		differs = fmt.Sprintf("the config says username = %q", username)
	default:
		return nil
	}
	return keepwarm.Errorf(keepwarm.ENOTFOUND, "%s's kept sign-in is %s, %s: it is not used; run `keepwarm auth %s`",
		signInOwner(name), whose, differs, name)
}

// signInOwner names a mailbox, or [notify], in a sign-in's errors.
func signInOwner(name string) string {
	if name == config.NotifyMailbox {
		return "[notify]"
	}
	return "mailbox " + name
}

// usernameOf is the account a mailbox (or [notify]) logs in as; "" for a
// name the config does not have.
func (a *App) usernameOf(name string) string {
	if mb, ok := a.Cfg.Mailbox(name); ok && name != config.NotifyMailbox {
		return mb.Username
	}
	if name == config.NotifyMailbox {
		return a.Cfg.Notify.Username
	}
	return ""
}

// KeyPath is the key file: the database's path with ".key" appended.
func (a *App) KeyPath() string { return a.Cfg.DatabasePath() + ".key" }

// refreshingToken opens the stored sign-in of a mailbox; it returns when
// that sign-in was made, which its refreshes keep to.
func (a *App) refreshingToken(ctx context.Context, name string, c config.Connection) (*mailsync.RefreshingToken, time.Time, error) {
	oc, _, err := a.OAuthConfig(c)
	if err != nil {
		return nil, time.Time{}, err
	}
	if a.DB == nil {
		return nil, time.Time{}, fmt.Errorf("mailbox %q: no database to read its OAuth2 token from", name)
	}
	key, err := a.SecretKey(false)
	if err != nil {
		return nil, time.Time{}, unusableKeyFor(name, err)
	}
	tok, err := a.LoadOAuthToken(ctx, key, name)
	if err != nil {
		return nil, time.Time{}, err
	}
	if err := a.SignInFits(name, c, tok); err != nil {
		return nil, time.Time{}, err
	}
	save := func(ctx context.Context, refresh string) error {
		return a.DB.RotateOAuthToken(ctx, key, name, refresh, tok.ObtainedAt, a.Clock.Now())
	}
	rt := mailsync.NewRefreshingToken(oc, tok.RefreshToken, save, a.Clock)
	proxy, err := a.proxyURL(ctx, name, c)
	if err != nil {
		return nil, time.Time{}, err
	}
	if proxy == "" {
		if err := a.tokenProxyProblem(name, oc.Endpoint.TokenURL); err != nil {
			return nil, time.Time{}, err
		}
	}
	if rt.Client, err = a.oauthClient(proxy, c); err != nil {
		return nil, time.Time{}, fmt.Errorf("mailbox %q: %w", name, err)
	}
	return rt, tok.ObtainedAt, nil
}

// oauthClient is the HTTP client of a connection's token requests: through
// its proxy (a team in China reaches Google's token endpoint only through
// one), else HTTPS_PROXY; TLS verified, against tls_ca_file too (a
// TLS-inspecting corporate proxy signs the token endpoint's certificate
// with the CA it signs the mail servers' with); each request bounded by a
// minute.
func (a *App) oauthClient(proxy string, c config.Connection) (*http.Client, error) {
	roots, err := a.Cfg.RootCAs(c)
	if err != nil {
		return nil, fmt.Errorf("tls_ca_file: %w", err)
	}
	dialT := c.Timeouts.Dial.Duration
	if dialT <= 0 {
		dialT = mailsync.Timeouts{}.WithDefaults().Dial
	}
	dial, err := mailsync.NewDialer(proxy, dialT)
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	tr := &http.Transport{
		DialContext:         dial,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots},
		TLSHandshakeTimeout: dialT,
	}
	if proxy == "" {
		// As before the proxy key: HTTPS_PROXY, read as tokenProxyProblem
		// reads it.
		tr.Proxy = http.ProxyFromEnvironment
		if env := a.envProxy(); env != nil {
			tr.Proxy = env
		}
	}
	return &http.Client{Transport: tr, Timeout: time.Minute}, nil
}

// tokenProxyProblem says when the environment's proxy (HTTPS_PROXY and
// the like) that the requests to the endpoints of mailbox name (or [notify]) would
// go through does not parse as a URL, naming the variable and never its
// value, which holds the proxy's password. Go takes such a value for
// another proxy ("http:", with "^", "|" or a space in the password) or for
// none (a bare "%": the requests go around the office's proxy), so every
// refresh failed on a lookup of "http:" or a timeout, the mailbox's sync
// stopped, and nothing named the variable. Nothing is sent.
func (a *App) tokenProxyProblem(name string, endpoints ...string) error {
	for _, raw := range endpoints {
		u, err := url.Parse(raw)
		if raw == "" || err != nil {
			continue
		}
		if v := a.envProxyUnparsed(u); v != "" {
			owner := signInOwner(name)
			return keepwarm.Errorf(keepwarm.EINVALID, "%s: the environment's %s, the proxy its OAuth2 token requests to %s would go through, does not parse as a URL (%s): fix it, or set the proxy key of %s",
				owner, v, u.Host, envProxyHint, owner)
		}
	}
	return nil
}

// AuthUI is how `keepwarm auth` talks to the person signing in.
type AuthUI struct {
	// Device shows where to go and which code to enter (Microsoft's
	// device-code sign-in).
	Device func(code, url string)
	// Browser shows the address to open (Google's sign-in for installed
	// applications); Paste is where the person may paste the address the
	// browser ended on, when that browser is on another computer.
	Browser func(url string)
	Paste   io.Reader
	// Warn tells of something the person should know though the sign-in
	// was kept (the mail server could not be reached to try it).
	Warn func(msg string)
	// NewKey seals the sign-in with the key at hand (or a new key file)
	// even though the other mailboxes' stored sign-ins do not open with
	// it: their key is lost and they are to be signed in again too.
	NewKey bool
	// Wait, when set, bounds the wait for the person to sign in (auth's
	// --wait), not the try and the save of a sign-in that came: those
	// run on the caller's context, which an interrupt ends.
	Wait time.Duration
}

// Authorize runs the provider's sign-in for a mailbox (or "notify") and
// stores the refresh token, sealed: the device-code flow where the
// provider allows it for mail, else the installed application's browser
// flow. It blocks until the person has signed in, or ctx ends.
func (a *App) Authorize(ctx context.Context, name string, ui AuthUI) error {
	c, err := a.connectionOf(name)
	if err != nil {
		return err
	}
	if c.TokenCmd != "" {
		return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q gets its tokens from token_cmd: there is nothing to sign in to here", name)
	}
	oc, p, err := a.OAuthConfig(c)
	if err != nil {
		return fmt.Errorf("mailbox %q: %w", name, err)
	}
	proxy, err := a.proxyURL(ctx, name, c)
	if err != nil {
		return err
	}
	if proxy == "" {
		endpoints := []string{oc.Endpoint.TokenURL}
		if p.OAuth.DeviceFlow {
			endpoints = append(endpoints, oc.Endpoint.DeviceAuthURL)
		}
		if err := a.tokenProxyProblem(name, endpoints...); err != nil {
			return err
		}
	}
	client, err := a.oauthClient(proxy, c)
	if err != nil {
		return fmt.Errorf("mailbox %q: %w", name, err)
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
	if !ui.NewKey {
		if err := a.keyFitsOthers(ctx, name); err != nil {
			return unusableKeyFor(name, err)
		}
	}
	if err := a.keyFileForOwner(name); err != nil {
		return err
	}
	key, err := a.SecretKey(true)
	if unusable := (*store.UnusableKeyError)(nil); ui.NewKey && errors.As(err, &unusable) {
		// The key is lost already: --new-key writes a new key file in
		// place of the one that holds none.
		key, err = store.ReplaceUnusableKey(a.KeyPath())
		if err != nil {
			err = keyFileUnreadable(a.KeyPath(), a.Cfg.DatabasePath(), err)
		}
	}
	if err != nil {
		return unusableKeyFor(name, err)
	}
	waitCtx, cancel := ctx, context.CancelFunc(func() {})
	if ui.Wait > 0 {
		waitCtx, cancel = context.WithTimeout(ctx, ui.Wait)
	}
	defer cancel()
	var tok *oauth2.Token
	switch {
	case p.OAuth.DeviceFlow:
		tok, err = mailsync.DeviceLogin(ctx, waitCtx, oc, ui.Device)
		if err != nil && signInUnfinished(err) {
			err = tenantAdvice(c, a.usernameOf(name), p, err)
		}
	case p.OAuth.BrowserFlow:
		tok, err = mailsync.BrowserLogin(ctx, waitCtx, oc, ui.Browser, ui.Paste, ui.Warn)
	default:
		return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q: keepwarm has no sign-in for %s: set token_cmd instead", name, p.Title)
	}
	if err != nil {
		return fmt.Errorf("mailbox %q: %w", name, err)
	}
	// The sign-in is in hand: ui.Wait bounded the wait for the person, not
	// the try and the save, which would lose a sign-in that came with
	// seconds left. ctx (an interrupt) still ends them.
	if err := a.trySignIn(ctx, name, tok.AccessToken, ui.Warn); err != nil {
		return err
	}
	now := a.Clock.Now()
	if err := a.DB.SaveOAuthToken(ctx, key, store.OAuthToken{Mailbox: name, Provider: p.Name, ClientID: c.OAuthClientID, Username: a.usernameOf(name), RefreshToken: tok.RefreshToken, ObtainedAt: now, UsedAt: now}); err != nil {
		return err
	}
	a.tokensMu.Lock()
	delete(a.tokens, name) // the next login starts from the new token
	a.tokensMu.Unlock()
	return nil
}

// tenantAdvice adds to a device sign-in that ended with no sign-in (the
// code expired, the wait ran out) what the tenant may have to do with it:
// Microsoft turns a personal account away at "organizations", and a work
// account at "consumers", in the browser only; here the code just runs
// out.
func tenantAdvice(c config.Connection, username string, p providers.Preset, err error) error {
	if p.OAuth == nil || p.OAuth.ConsumerTenant == "" {
		return err
	}
	switch {
	case c.OAuthTenant == p.OAuth.ConsumerTenant && c.TenantGuessed():
		_, domain, _ := strings.Cut(username, "@")
		return fmt.Errorf("%w: no sign-in came back at the %q tenant, which keepwarm chose because @%s is a domain of Microsoft's personal accounts; if the mailbox is a work or school account, set oauth_tenant = \"organizations\" (or the tenant's domain)",
			err, p.OAuth.ConsumerTenant, domain)
	case c.OAuthTenant != p.OAuth.ConsumerTenant && strings.Contains(cmp.Or(c.OAuthDeviceURL, p.OAuth.DeviceURL), "{tenant}"):
		return fmt.Errorf("%w: no sign-in came back; if the browser answered that a personal account cannot sign in here, the mailbox is a personal Microsoft account: set oauth_tenant = %q, and the app registration's supported account types must include personal Microsoft accounts",
			err, p.OAuth.ConsumerTenant)
	}
	return err
}

// signInUnfinished says whether a device-code sign-in ended without the
// person finishing it: the code expired, or the wait ran out.
func signInUnfinished(err error) bool {
	var re *oauth2.RetrieveError
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &re) && re.ErrorCode == "expired_token"
}

// keyFitsOthers refuses to seal a sign-in of name with a key the stored
// sign-ins (its own included) were not sealed with: run without the
// service's KEEPWARM_SECRET_KEY, `keepwarm auth` would otherwise make a
// new key file and seal with it, report success, and the daemon (which has
// the variable) could not open the new sign-in.
func (a *App) keyFitsOthers(ctx context.Context, name string) error {
	if a.DB == nil {
		return nil
	}
	var key store.SecretKey
	where := ""
	envSet := strings.TrimSpace(a.Getenv(store.SecretKeyEnv)) != ""
	if _, err := os.Stat(a.KeyPath()); !envSet && errors.Is(err, os.ErrNotExist) {
		where = fmt.Sprintf("neither %s nor the key file %s is here", store.SecretKeyEnv, a.KeyPath())
	} else {
		k, err := a.SecretKey(false)
		if err != nil {
			return err
		}
		key = k
		where = "they do not open with the key file " + a.KeyPath()
		if envSet {
			where = "they do not open with this " + store.SecretKeyEnv
		}
	}
	// The mailbox's own sign-in counts too: the one about to be replaced
	// tells best which key the service opens it with.
	stored, opens, err := a.DB.OAuthKeyFit(ctx, key, "")
	if err != nil || len(stored) == 0 || opens {
		return err
	}
	var others []string
	for _, mb := range stored {
		if mb != name {
			others = append(others, mb)
		}
	}
	lost := fmt.Sprintf("if that key is lost, run `keepwarm auth %s --new-key`", name)
	if len(others) > 0 {
		lost += fmt.Sprintf(" and then sign %s in again as well", strings.Join(others, ", "))
	}
	return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q: the sign-ins stored for %s are sealed with another key (%s), so the service could not open a sign-in sealed here: "+
		"run `keepwarm auth %s` with the service's environment (the %s its unit sets, e.g. from its EnvironmentFile); %s",
		name, strings.Join(stored, ", "), where, name, store.SecretKeyEnv, lost)
}

// signInTryTimeout bounds the login that tries a new sign-in.
const signInTryTimeout = time.Minute

// trySignIn logs in to the mail server with a new sign-in's access token,
// as the configured username (IMAP for a mailbox, SMTP for notify), before
// the sign-in is kept. The provider signs in whatever account the browser
// holds (the manager's, a personal one): the mail server refusing the token
// for the username is how that shows, and then nothing is kept. A server
// that cannot be reached proves nothing either way: the sign-in is kept and
// warn says so.
func (a *App) trySignIn(ctx context.Context, name, access string, warn func(string)) error {
	ctx, cancel := context.WithTimeout(ctx, signInTryTimeout)
	defer cancel()
	static := mailsync.TokenFunc(func(context.Context) (string, error) { return access, nil })
	var user, server string
	var err error
	if name == config.NotifyMailbox {
		acct, aerr := a.NotifyAccount(ctx)
		if aerr == nil {
			aerr = acct.Unusable
		}
		if aerr != nil {
			return aerr
		}
		acct.Token = static
		user, server = acct.Username, "SMTP"
		err = mailsync.CheckSMTP(ctx, acct)
	} else {
		mb, _ := a.Cfg.Mailbox(name)
		cfg, cerr := a.IMAPConfig(ctx, mb)
		if cerr != nil {
			return cerr
		}
		cfg.Token = static
		user, server = mb.Username, "IMAP"
		var c *imapclient.Client
		if c, err = mailsync.NewSyncer(cfg, nil, a.Team(), a.Clock, a.Log, mailsync.SyncOptions{}).Dial(ctx); err == nil {
			_ = c.Logout().Wait()
			_ = c.Close()
			a.trySignInSMTP(ctx, mb, static, warn)
		}
	}
	switch {
	case err == nil:
		return nil
	case mailsync.IsAuthError(err):
		why := fmt.Sprintf("the account signed in is not %s (a browser already signed in to another account?), or %s may not use %s", user, user, server)
		again := fmt.Sprintf("Run `keepwarm auth %s` again and sign in as %s", name, user)
		if server == "SMTP" {
			// [notify] only sends: SMTP is the only server to try the
			// sign-in on, and a Microsoft 365 tenant's default (SMTP AUTH
			// off) refuses the right account too. The server's answer
			// tells which.
			advice := SMTPAuthAdvice(a.Cfg.Notify.Connection, user)
			if mailsync.SMTPAuthOff(err) {
				why, again = "SMTP AUTH is turned off for "+user+": "+advice, "Then run `keepwarm auth "+name+"` again"
			} else {
				why += " (" + advice + ")"
			}
		}
		return keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q: the %s server refused a login as %s with this sign-in, so it was not kept (%v): %s. %s",
			name, server, user, err, why, again)
	}
	if warn != nil {
		warn(fmt.Sprintf("the sign-in is kept, but it could not be tried on the %s server (%v): run `keepwarm check` once the server can be reached", server, err))
	}
	return nil
}

// trySignInSMTP logs in to a mailbox's SMTP server with the new sign-in
// IMAP took. A refusal keeps the sign-in (mail is read with it) but warn
// says now that nothing can be sent from the mailbox and why, rather than
// the first follow-up waiting in the outbox: a Microsoft 365 tenant with
// SMTP AUTH off (its default since 2020) refuses a good token.
func (a *App) trySignInSMTP(ctx context.Context, mb config.MailboxConfig, token mailsync.TokenSource, warn func(string)) {
	if mb.SMTPURL == "" || warn == nil {
		return
	}
	acct, err := a.SMTPAccount(ctx, mb)
	if err == nil {
		acct.Token = token
		err = mailsync.CheckSMTP(ctx, acct)
	}
	switch {
	case err == nil:
	case mailsync.IsAuthError(err):
		warn(fmt.Sprintf("the sign-in is kept and reads the mailbox, but the SMTP server refused it, so no mail can be sent from %s (%v): %s; then run `keepwarm check`", mb.Name, err, SMTPAuthAdvice(mb.Connection, mb.Username)))
	default:
		warn(fmt.Sprintf("the sign-in is kept, but it could not be tried on the SMTP server (%v): run `keepwarm check` once the server can be reached", err))
	}
}

// SMTPAuthAdvice is what to do when an SMTP server refuses a sign-in as
// username that the provider issued: on Microsoft 365, SMTP AUTH allowed
// for the mailbox (off by default in a tenant) and the app's SMTP.Send
// permission; a personal Microsoft account (signing in at "consumers") has
// no tenant to run Set-CASMailbox in, only the app's permission. The
// username's domain tells a personal account only where no tenant says
// which (none written, a token_cmd, or "common", which takes both): a work
// account on a domain that looks personal, written oauth_tenant =
// "organizations" as auth advises, gets its tenant's advice.
func SMTPAuthAdvice(c config.Connection, username string) string {
	p, ok := c.Preset()
	if !ok || p.Name != "microsoft365" || p.OAuth == nil {
		return "check that the sign-in's scopes allow sending"
	}
	eitherKind := c.OAuthTenant == "" || strings.EqualFold(c.OAuthTenant, "common")
	if strings.EqualFold(c.OAuthTenant, p.OAuth.ConsumerTenant) || eitherKind && p.OAuth.ConsumerAccount(username) {
		return "the app registration needs the delegated SMTP.Send permission, and must allow personal Microsoft accounts (its supported account types)"
	}
	return fmt.Sprintf("the tenant must allow SMTP AUTH for the mailbox (Set-CASMailbox -Identity %s -SmtpClientAuthenticationDisabled $false, or in the Microsoft 365 admin center: the user's Mail, Authenticated SMTP), "+
		"and the app registration needs the delegated SMTP.Send permission", username)
}

// connectionOf finds a mailbox's (or [notify]'s) connection settings.
func (a *App) connectionOf(name string) (config.Connection, error) {
	if name == config.NotifyMailbox && a.Cfg.Notify.Enabled() {
		if !a.Cfg.Notify.OAuth2() {
			return config.Connection{}, keepwarm.Errorf(keepwarm.EINVALID, "[notify] has auth = %q: %s", a.Cfg.Notify.Auth, passwordLoginAdvice(a.Cfg.Notify.Connection))
		}
		return a.Cfg.Notify.Connection, nil
	}
	mb, ok := a.Cfg.Mailbox(name)
	if !ok {
		return config.Connection{}, UsageError{fmt.Sprintf("no mailbox named %q in %s", name, a.ConfigPath)}
	}
	if !mb.OAuth2() {
		return config.Connection{}, keepwarm.Errorf(keepwarm.EINVALID, "mailbox %q has auth = %q: %s", name, mb.Auth, passwordLoginAdvice(mb.Connection))
	}
	return mb.Connection, nil
}

// passwordLoginAdvice is what `keepwarm auth` says of a connection that
// logs in with a password: where the provider has no sign-in keepwarm
// keeps, there is nothing to do (auth = "oauth2" would be refused at
// load); else the keys that make it one, the password source removed
// (refused beside auth = "oauth2").
func passwordLoginAdvice(c config.Connection) string {
	if p, ok := c.Preset(); !ok || p.OAuth == nil {
		return "it logs in with a password, and keepwarm auth signs in only Microsoft 365 and Gmail accounts (provider = \"microsoft365\" or \"gmail\"): nothing to do"
	}
	return "to sign in instead, set auth = \"oauth2\" and oauth_client_id, and remove password_env/password_cmd, then run keepwarm auth again"
}

// staggerStarts spaces the syncers' first logins by [sync] connect_spread,
// those whose mailboxes hold open reply clocks first: a restart must not
// log every mailbox in at once (servers throttle that), and the mail that
// someone is waiting on comes first.
func (a *App) staggerStarts(ctx context.Context, syncers []*mailsync.Syncer) {
	urgent := map[string]bool{}
	now := a.Clock.Now()
	if rep, err := a.DB.ReplyReport(ctx, store.ReplyReportFilter{Since: time.Unix(0, 0), Until: now.Add(time.Second), Now: now}); err == nil {
		for _, u := range rep.Unanswered {
			urgent[u.Mailbox] = true
		}
	} else {
		a.Log.Warn("start order: reading open reply clocks", "err", err)
	}
	names := make([]string, len(syncers))
	byName := map[string]*mailsync.Syncer{}
	for i, s := range syncers {
		names[i] = s.Name()
		byName[s.Name()] = s
	}
	for i, name := range startOrder(names, urgent) {
		byName[name].DelayStart(time.Duration(i) * a.Cfg.Sync.ConnectSpread.Duration)
	}
}

// startOrder puts the mailboxes with open reply clocks first, each group in
// the configured order.
func startOrder(names []string, urgent map[string]bool) []string {
	order := slices.Clone(names)
	slices.SortStableFunc(order, func(x, y string) int {
		switch {
		case urgent[x] == urgent[y]:
			return 0
		case urgent[x]:
			return -1
		}
		return 1
	})
	return order
}
