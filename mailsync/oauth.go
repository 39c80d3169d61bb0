package mailsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"keepwarm"
)

// RefreshMargin is how long before an access token expires it is replaced:
// a token must not run out between the check and a long sync.
const RefreshMargin = 5 * time.Minute

// RefreshingToken is a TokenSource that keeps an access token fresh from a
// refresh token, at the provider's token endpoint. The refresh token itself
// lives encrypted in the database; when the provider hands out a new one
// (Microsoft rotates them) Save is called with it before the access token is
// used; Save is also called, with the same token, after every refresh that
// did not rotate it, so the store can tell when it was last used. Safe for
// concurrent use.
type RefreshingToken struct {
	Config *oauth2.Config
	// Save stores a new refresh token; an error fails the Token call, so a
	// rotated token is never lost.
	Save   func(ctx context.Context, refreshToken string) error
	Clock  keepwarm.Clock
	Client *http.Client // nil: http.DefaultClient

	mu      sync.Mutex
	refresh string
	access  string
	expiry  time.Time
}

// NewRefreshingToken returns a TokenSource starting from refreshToken.
func NewRefreshingToken(cfg *oauth2.Config, refreshToken string, save func(context.Context, string) error, clock keepwarm.Clock) *RefreshingToken {
	return &RefreshingToken{Config: cfg, Save: save, Clock: clock, refresh: refreshToken}
}

// Token returns the current access token, refreshing it first when it
// expires within RefreshMargin. It blocks on the token endpoint then.
func (r *RefreshingToken) Token(ctx context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.Clock.Now()
	if r.access != "" && now.Before(r.expiry.Add(-RefreshMargin)) {
		return r.access, nil
	}
	if r.Client != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, r.Client)
	}
	// A token with only a refresh token is invalid, so the source refreshes.
	t, err := r.Config.TokenSource(ctx, &oauth2.Token{RefreshToken: r.refresh}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			if clientRefused(re) || grantRefused(re) {
				// The provider said no: its code and description say why
				// (an AADSTS number on Microsoft), and whether signing in
				// again can help at all.
				return "", &AuthError{Server: "OAuth2 token endpoint", Mech: "refresh token",
					Err: oauthRefusal{fix: refusalFix(re), detail: refusalDetail(re)}}
			}
			// An outage, a throttle, a proxy's error page: the grant may be
			// fine, so the next login tries again.
			return "", fmt.Errorf("refresh access token: %s", endpointAnswer(re))
		}
		return "", fmt.Errorf("refresh access token: %w", err)
	}
	// Saved on every refresh, rotated or not: the store keeps when the token
	// was last used, and providers retire tokens left unused too long.
	next := r.refresh
	if t.RefreshToken != "" {
		next = t.RefreshToken
	}
	if err := r.Save(ctx, next); err != nil {
		return "", fmt.Errorf("store the refresh token: %w", err)
	}
	r.refresh = next
	r.access = t.AccessToken
	switch {
	case t.ExpiresIn > 0:
		r.expiry = now.Add(time.Duration(t.ExpiresIn) * time.Second)
	case !t.Expiry.IsZero():
		r.expiry = now.Add(time.Until(t.Expiry))
	default:
		r.expiry = now.Add(time.Hour) // the provider did not say; an hour is what they give
	}
	return r.access, nil
}

// Invalidate forgets the access token when it is still token: a mail
// server refused it before its announced expiry (revoked by an
// administrator, a policy changed, Exchange's intermittent AUTHENTICATE
// failed), and the next Token call refreshes instead of presenting it again.
func (r *RefreshingToken) Invalidate(token string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.access != "" && r.access == token {
		r.access, r.expiry = "", time.Time{}
	}
}

// grantRefused reports whether the token endpoint refused the refresh token
// itself (RFC 6749 §5.2), as against failing to answer: an outage (5xx),
// throttling (429, temporarily_unavailable, slow_down) or a body that is no
// OAuth2 error at all (an empty error code) says nothing about the grant.
// Any other 4xx answer with an error code is a refusal only a person can
// undo, and asking the endpoint again changes nothing: invalid_grant, and
// Microsoft's interaction_required, consent_required, login_required (a
// Conditional Access sign-in frequency, MFA, consent withdrawn) or
// invalid_resource. Which person (the salesperson signing in again, or an
// administrator) refusalFix tells.
func grantRefused(re *oauth2.RetrieveError) bool {
	if re.Response != nil && (re.Response.StatusCode >= 500 || re.Response.StatusCode == http.StatusTooManyRequests) {
		return false
	}
	switch re.ErrorCode {
	case "", "temporarily_unavailable", "slow_down":
		return false
	}
	return true
}

// ErrOAuthClientRefused is a token endpoint refusing keepwarm's OAuth2
// client itself (invalid_client, unauthorized_client, Google's
// deleted_client and disabled_client): the client secret was rotated or
// deleted, the client deleted or disabled in the Google Cloud console, or
// the app registration no longer allows the flow. Signing the person in
// again does not help.
var ErrOAuthClientRefused = errors.New("the provider refused keepwarm's OAuth client, not the sign-in: check oauth_client_id and the client secret (Google Cloud console, or the app registration in Entra ID)")

// clientRefused reports whether the token endpoint refused the client
// (RFC 6749 §5.2: invalid_client, unauthorized_client; Google's
// deleted_client, disabled_client).
func clientRefused(re *oauth2.RetrieveError) bool {
	switch re.ErrorCode {
	case "invalid_client", "unauthorized_client", "deleted_client", "disabled_client":
		return true
	}
	return false
}

// ErrOAuthSignInAgain is a refresh token the provider no longer takes
// (expired, unused too long, revoked by a password change, consent or a
// new MFA wanted): a person signing the mailbox in again fixes it.
var ErrOAuthSignInAgain = errors.New("run `keepwarm auth` for this mailbox again")

// ErrOAuthBlocked is a provider refusing the account itself, or keepwarm's
// app for it (Microsoft's Conditional Access policy, a disabled or locked
// account, the app not assigned to the person; Google Workspace's API
// controls, admin_policy_enforced): a new sign-in is refused the same way
// until an administrator of the account's organisation acts.
var ErrOAuthBlocked = errors.New("the provider blocks this account or keepwarm's app for it, and a new sign-in is refused the same way: ask the account's administrator to lift the block (give them the code), then restart keepwarm")

// ErrOAuthWrongTenant is a provider saying the account, keepwarm's app or
// the mail resource is not in the directory asked (a wrong oauth_tenant,
// or an app the account's tenant never registered or consented to):
// signing in again with the same settings is refused the same way.
var ErrOAuthWrongTenant = errors.New("the account or keepwarm's app is not in the directory (tenant) asked, and a new sign-in with the same settings is refused the same way: check oauth_tenant and oauth_client_id, or ask the tenant's administrator to consent to the app")

// ErrOAuthBadRequest is a token endpoint refusing keepwarm's request
// itself (invalid_scope, invalid_request, unsupported_grant_type): a wrong
// oauth_token_url or an oauth_scopes override the provider does not take.
// A new sign-in asks the same way and is refused the same way.
var ErrOAuthBadRequest = errors.New("the token endpoint refused keepwarm's request itself, not the sign-in: check oauth_token_url and oauth_scopes (left out, the provider's own are used), then restart keepwarm")

// ErrOAuthRefusedUnsure is a refusal whose code does not say whether a new
// sign-in gets past it (an AADSTS number keepwarm does not know, an error
// code that is no expired grant).
var ErrOAuthRefusedUnsure = errors.New("the provider's code does not say whether a new sign-in helps: run `keepwarm auth` for this mailbox once; if it is refused with the same code, the account's administrator must act")

// Microsoft's AADSTS codes that no new sign-in gets past: blocked says an
// administrator must lift something, tenant that the account, the app or
// the resource is not in the directory asked. signIn are those a person
// signing in again gets past (expired or revoked grant, MFA, sign-in
// frequency or consent wanted). Any other code is ErrOAuthRefusedUnsure.
var (
	aadSignIn = map[string]bool{
		"700082": true, // refresh token expired due to inactivity
		"50173":  true, // grant expired: revoked (password changed)
		"70008":  true, // refresh token expired or revoked
		"50133":  true, // session invalid: password expired or changed
		"50132":  true, // session invalid: password expired or changed
		"50076":  true, // MFA wanted
		"50079":  true, // MFA registration wanted
		"50078":  true, // MFA claim expired
		"70043":  true, // refresh token expired by a sign-in frequency policy
		"65001":  true, // consent wanted
		"50058":  true, // no session: sign in again
		"50055":  true, // password expired
		"50144":  true, // Active Directory password expired
	}
	aadBlocked = map[string]bool{
		"53003":   true, // blocked by Conditional Access
		"53000":   true, // device not compliant
		"53001":   true, // device not domain-joined
		"53002":   true, // application not approved for the device
		"50057":   true, // user account disabled
		"50053":   true, // account locked, or sign-ins from this IP blocked
		"50105":   true, // person not assigned to the application
		"7000112": true, // application disabled
		"530003":  true, // device must be managed
		"530033":  true, // device code flow blocked by a device-based policy
		"53004":   true, // MFA registration blocked due to risk
		"53011":   true, // user blocked due to risk
		"500014":  true, // service principal of the resource disabled
		"50131":   true, // Conditional Access failed
	}
	aadTenant = map[string]bool{
		"700016": true, // application not found in the directory
		"90002":  true, // tenant not found
		"900023": true, // tenant id not valid
		"50020":  true, // account not in the tenant
		"90072":  true, // account not in the tenant
		"50034":  true, // account does not exist in the directory
		"500011": true, // resource not found in the tenant
	}
	aadCode = regexp.MustCompile(`\bAADSTS(\d+)`)
)

// refusalFix is what to do about a refused refresh: the client's settings
// (invalid_client, unauthorized_client), the directory asked, an
// administrator's block, the request's settings, or a new sign-in, said
// outright only where the code says the grant expired or was revoked
// (a known AADSTS code, or invalid_grant and Microsoft's
// interaction_required, consent_required, login_required without one).
func refusalFix(re *oauth2.RetrieveError) error {
	code := ""
	if m := aadCode.FindStringSubmatch(re.ErrorDescription); m != nil {
		code = m[1]
	}
	switch {
	case aadTenant[code]:
		return ErrOAuthWrongTenant
	case clientRefused(re):
		return ErrOAuthClientRefused
	case aadBlocked[code], re.ErrorCode == "admin_policy_enforced":
		return ErrOAuthBlocked
	case re.ErrorCode == "invalid_scope", re.ErrorCode == "invalid_request", re.ErrorCode == "unsupported_grant_type":
		return ErrOAuthBadRequest
	case aadSignIn[code]:
		return ErrOAuthSignInAgain
	case code != "":
		return ErrOAuthRefusedUnsure
	}
	switch re.ErrorCode {
	case "invalid_grant", "interaction_required", "consent_required", "login_required":
		return ErrOAuthSignInAgain
	}
	return ErrOAuthRefusedUnsure
}

// oauthRefusal is a refused refresh said advice first, then the provider's
// code and description: /healthz and the digest show the stored failure
// cut to a length, and the cut takes the description, not the advice.
type oauthRefusal struct {
	fix    error
	detail string
}

func (r oauthRefusal) Error() string {
	if r.detail == "" {
		return r.fix.Error()
	}
	return r.fix.Error() + " (" + r.detail + ")"
}

func (r oauthRefusal) Unwrap() error { return r.fix }

// refusalDescription is the longest description a refusal keeps, in runes.
const refusalDescription = 120

// refusalDetail is a refusal's error code and, when the endpoint gave one,
// its description on one short line: without Microsoft's "Trace ID: …
// Correlation ID: … Timestamp: …" tail, which changes at every answer (the
// sync loop would take each try for a new failure) and says nothing to the
// reader; a description longer than refusalDescription keeps its first
// sentence, or is cut.
func refusalDetail(re *oauth2.RetrieveError) string {
	d := re.ErrorDescription
	if i := strings.Index(d, "Trace ID:"); i >= 0 {
		d = d[:i]
	}
	d = oneLine(d)
	if r := []rune(d); len(r) > refusalDescription {
		if i := strings.Index(d, ". "); i >= 0 && utf8.RuneCountInString(d[:i+1]) <= refusalDescription {
			d = d[:i+1]
		} else {
			d = string(r[:refusalDescription-1]) + "…"
		}
	}
	if d != "" {
		return shownCode(re) + ": " + d
	}
	return shownCode(re)
}

// errorCodeShape is an OAuth2 error code as providers write them
// (invalid_grant, interaction_required, AADSTS-style codes go in the
// description): RFC 6749 §5.2 keeps it to printable ASCII, and keepwarm
// shows only letters, digits, '_', '.' and '-', up to 64.
var errorCodeShape = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// shownCode is a refusal's error code as keepwarm says it: the code
// itself when it has an OAuth2 code's shape, otherwise "unreadable error
// code". The code comes from the same untrusted answer as the description
// (a proxy, any oauth_token_url) and reaches check's terminal, the log,
// /healthz and the digest: no control, escape or bidi character of it
// does, nor a code long enough to crowd out the advice.
func shownCode(re *oauth2.RetrieveError) string {
	if re.ErrorCode == "" || errorCodeShape.MatchString(re.ErrorCode) {
		return re.ErrorCode
	}
	return "unreadable error code"
}

// oneLine is an OAuth2 error description on one line of at most 300 runes,
// without control characters, escape sequences' ESC or CSI, bidi or
// zero-width marks: it reaches check's terminal, /healthz and the digest
// as it is, and what answered may be a proxy (tls_ca_file) or any
// oauth_token_url.
func oneLine(d string) string {
	d = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case !unicode.IsPrint(r) || r == utf8.RuneError:
			return -1
		}
		return r
	}, d)
	d = strings.Join(strings.Fields(d), " ")
	if r := []rune(d); len(r) > 300 {
		d = string(r[:300]) + "…"
	}
	return d
}

// endpointAnswer says what the token endpoint answered, without its body
// (which could echo what was sent).
func endpointAnswer(re *oauth2.RetrieveError) string {
	s := "the token endpoint answered"
	if re.Response != nil {
		s += " " + strconv.Itoa(re.Response.StatusCode)
	}
	if re.ErrorCode != "" {
		s += " (" + shownCode(re) + ")"
	}
	return s
}

// tokenAnswer is a sign-in's error from the token endpoint, said as the
// refresh path says it (endpointAnswer) and, when the endpoint gave one,
// with its OAuth2 error description on one short line: without the HTML
// page of a proxy or captive portal that RetrieveError's message holds
// whole. The RetrieveError stays in the chain (errors.As).
type tokenAnswer struct{ re *oauth2.RetrieveError }

func (e tokenAnswer) Error() string {
	s := endpointAnswer(e.re)
	if d := oneLine(e.re.ErrorDescription); d != "" && e.re.ErrorCode != "" {
		s += ": " + d
	}
	return s
}

func (e tokenAnswer) Unwrap() error { return e.re }

// signInError is err with a token endpoint's answer in it said as
// tokenAnswer does.
func signInError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return tokenAnswer{re}
	}
	return err
}

// Expiry is when the current access token runs out (zero before the first
// Token call).
func (r *RefreshingToken) Expiry() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.expiry
}

// DeviceLogin runs the OAuth2 device-code flow (RFC 8628): it asks the
// provider for a code, calls show with the code and the address where a
// person enters it, and blocks until they have signed in (or the code
// expires, or ctx or wait ends). It returns the tokens: the refresh token
// to keep, and the access token, to try the sign-in on the mail server
// before it is kept.
//
// wait bounds the wait for the person: once it ends no new poll starts,
// but a poll already sent is answered on ctx (bounded by the HTTP
// client's own timeout). Cancelling it would lose a sign-in approved with
// seconds left, the provider having handed its grant to that answer.
func DeviceLogin(ctx, wait context.Context, cfg *oauth2.Config, show func(userCode, verifyURL string)) (*oauth2.Token, error) {
	da, err := cfg.DeviceAuth(wait)
	if err != nil {
		return nil, fmt.Errorf("device authorization: %w", signInError(err))
	}
	uri := da.VerificationURIComplete
	if uri == "" {
		uri = da.VerificationURI
	}
	show(da.UserCode, uri)
	pollCtx, stop := pollsUntil(ctx, wait)
	defer stop()
	t, err := cfg.DeviceAccessToken(pollCtx, da)
	if err != nil && ctx.Err() == nil && wait.Err() != nil && errors.Is(err, context.Canceled) {
		err = wait.Err() // the wait ran out, as the caller set it
	}
	if err != nil {
		return nil, fmt.Errorf("waiting for the sign-in: %w", signInError(err))
	}
	if t.RefreshToken == "" {
		return nil, errors.New("the provider returned no refresh token: the app registration must allow offline access (scope offline_access)")
	}
	return t, nil
}

// pollsUntil is a context for the device flow's polls: it ends with ctx,
// and when wait ends with no poll in flight; a poll in flight then is read
// to its end first (its answer's body closed). Its HTTP client is ctx's
// (oauth2.HTTPClient), or http.DefaultClient, counting the polls.
func pollsUntil(ctx, wait context.Context) (context.Context, context.CancelFunc) {
	pctx, cancel := context.WithCancel(ctx)
	client, _ := ctx.Value(oauth2.HTTPClient).(*http.Client)
	if client == nil {
		client = http.DefaultClient
	}
	inner := client.Transport
	if inner == nil {
		inner = http.DefaultTransport
	}
	f := &inFlight{cancel: cancel}
	counted := *client
	counted.Transport = &countingTransport{inner: inner, f: f}
	pctx = context.WithValue(pctx, oauth2.HTTPClient, &counted)
	go func() {
		select {
		case <-wait.Done():
			f.stop()
		case <-pctx.Done():
		}
	}()
	return pctx, cancel
}

// inFlight counts the polls sent and not yet read; once stopping, the last
// one read cancels the polls' context.
type inFlight struct {
	mu       sync.Mutex
	n        int
	stopping bool
	cancel   context.CancelFunc
}

func (f *inFlight) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stopping = true
	if f.n == 0 {
		f.cancel()
	}
}

func (f *inFlight) begin() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopping {
		return false
	}
	f.n++
	return true
}

func (f *inFlight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.stopping && f.n == 0 {
		f.cancel()
	}
}

type countingTransport struct {
	inner http.RoundTripper
	f     *inFlight
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !c.f.begin() {
		return nil, context.Canceled // the wait ended: no new poll
	}
	resp, err := c.inner.RoundTrip(r)
	if err != nil {
		c.f.done()
		return nil, err
	}
	resp.Body = &doneBody{ReadCloser: resp.Body, done: c.f.done}
	return resp, nil
}

type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}
