package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// googleTokens is a token endpoint that, like Google's, refreshes without
// rotating: every refresh token it has issued stays good. It keeps the
// refresh tokens it was sent, and can run a hook while a request is in
// flight.
type googleTokens struct {
	mu       sync.Mutex
	received []string
	during   func(refresh string) // run before answering
}

func (g *googleTokens) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	rt := r.Form.Get("refresh_token")
	g.mu.Lock()
	g.received = append(g.received, rt)
	during := g.during
	g.mu.Unlock()
	if during != nil {
		during(rt)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-for-" + rt, "token_type": "Bearer", "expires_in": 3600})
}

func (g *googleTokens) got() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.received)
}

// TestStoredTokenFollowsANewSignIn: Ana's mailbox was first signed in with
// the wrong Google account. While the daemon runs, `keepwarm auth ana` in
// another process stores the right one. The daemon's next token comes from
// the new sign-in, and its refresh of the old one never writes the old
// token back over it, even when the new sign-in lands while that refresh
// is on its way.
func TestStoredTokenFollowsANewSignIn(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)
	env := map[string]string{store.SecretKeyEnv: "a key of at least sixteen characters", "GOOGLE_SECRET": "GOCSPX-test"}
	a := New(&config.Config{}, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})
	key, err := a.SecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	ep := &googleTokens{}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	conn := config.Connection{Provider: "gmail", Auth: "oauth2", OAuthClientID: "kw.apps.googleusercontent.com",
		OAuthClientSecretEnv: "GOOGLE_SECRET", OAuthTokenURL: hs.URL}
	signIn := func(refresh string) {
		t.Helper()
		now := clock.Now()
		if err := db.SaveOAuthToken(ctx, key, store.OAuthToken{Mailbox: "ana", Provider: "gmail", RefreshToken: refresh, ObtainedAt: now, UsedAt: now}); err != nil {
			t.Error(err)
		}
	}
	stored := func() string {
		t.Helper()
		tok, err := db.LoadOAuthToken(ctx, key, "ana")
		if err != nil {
			t.Fatal(err)
		}
		return tok.RefreshToken
	}

	signIn("rt-manager")
	ts := a.tokenSource("ana", conn)
	if tok, err := ts.Token(ctx); err != nil || tok != "at-for-rt-manager" {
		t.Fatalf("first token %q, %v", tok, err)
	}

	clock.Advance(10 * time.Minute)
	signIn("rt-ana") // `keepwarm auth ana`, in another process
	if tok, err := ts.Token(ctx); err != nil || tok != "at-for-rt-ana" {
		t.Fatalf("after the new sign-in: token %q, %v; want the new sign-in's", tok, err)
	}
	if s := stored(); s != "rt-ana" {
		t.Fatalf("stored %q, want rt-ana", s)
	}

	// The access token runs out; while the daemon refreshes it, Ana is
	// signed in once more.
	clock.Advance(2 * time.Hour)
	ep.mu.Lock()
	ep.during = func(rt string) {
		if rt == "rt-ana" {
			signIn("rt-ana-again")
		}
	}
	ep.mu.Unlock()
	if tok, err := ts.Token(ctx); err != nil || tok != "at-for-rt-ana-again" {
		t.Fatalf("sign-in during a refresh: token %q, %v; want the newest sign-in's", tok, err)
	}
	if s := stored(); s != "rt-ana-again" {
		t.Fatalf("stored %q, want rt-ana-again", s)
	}
	if got, want := ep.got(), []string{"rt-manager", "rt-ana", "rt-ana", "rt-ana-again"}; !slices.Equal(got, want) {
		t.Fatalf("the endpoint was sent %v, want %v", got, want)
	}
}

// TestStoredTokenForgetsARefusedAccessToken: the daemon's token source for
// a signed-in mailbox passes on a mail server's refusal, so the next login
// refreshes instead of presenting the refused access token again.
func TestStoredTokenForgetsARefusedAccessToken(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)
	env := map[string]string{store.SecretKeyEnv: "a key of at least sixteen characters", "GOOGLE_SECRET": "GOCSPX-test"}
	a := New(&config.Config{}, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})
	key, err := a.SecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	ep := &googleTokens{}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	conn := config.Connection{Provider: "gmail", Auth: "oauth2", OAuthClientID: "kw.apps.googleusercontent.com",
		OAuthClientSecretEnv: "GOOGLE_SECRET", OAuthTokenURL: hs.URL}
	if err := db.SaveOAuthToken(ctx, key, store.OAuthToken{Mailbox: "ana", Provider: "gmail", RefreshToken: "rt-ana", ObtainedAt: t0, UsedAt: t0}); err != nil {
		t.Fatal(err)
	}
	ts := a.tokenSource("ana", conn)
	tok, err := ts.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inv, ok := ts.(mailsync.TokenInvalidator)
	if !ok {
		t.Fatalf("%T cannot forget a refused token", ts)
	}
	inv.Invalidate("an older token") // not the one in hand: kept
	if _, err := ts.Token(ctx); err != nil || len(ep.got()) != 1 {
		t.Fatalf("after forgetting another token: %v, endpoint asked %d times, want 1", err, len(ep.got()))
	}
	inv.Invalidate(tok)
	if _, err := ts.Token(ctx); err != nil || len(ep.got()) != 2 {
		t.Fatalf("after the server refused it: %v, endpoint asked %d times, want 2", err, len(ep.got()))
	}
}

// TestOAuthConfigFor21Vianet: Microsoft 365 operated by 21Vianet has its
// own endpoints and names its Exchange resource after its own host. The
// configured scopes replace the preset's, and an endpoint written with
// {tenant} gets oauth_tenant as the preset's endpoints do.
func TestOAuthConfigFor21Vianet(t *testing.T) {
	a := New(&config.Config{}, nil, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(string) string { return "" }})
	scopes := []string{"https://partner.outlook.cn/IMAP.AccessAsUser.All", "https://partner.outlook.cn/SMTP.Send", "offline_access"}
	oc, _, err := a.OAuthConfig(config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "kw-app", OAuthTenant: "t1",
		OAuthDeviceURL: "https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/devicecode",
		OAuthTokenURL:  "https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/token",
		OAuthScopes:    scopes})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(oc.Scopes, scopes) {
		t.Errorf("scopes %v, want %v", oc.Scopes, scopes)
	}
	if oc.Endpoint.TokenURL != "https://login.partner.microsoftonline.cn/t1/oauth2/v2.0/token" ||
		oc.Endpoint.DeviceAuthURL != "https://login.partner.microsoftonline.cn/t1/oauth2/v2.0/devicecode" {
		t.Errorf("endpoints %s %s, want the tenant filled in", oc.Endpoint.DeviceAuthURL, oc.Endpoint.TokenURL)
	}
	// Without oauth_scopes, the preset's.
	oc, _, err = a.OAuthConfig(config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "kw-app"})
	if err != nil || !slices.Contains(oc.Scopes, "https://outlook.office.com/IMAP.AccessAsUser.All") {
		t.Errorf("preset scopes: %v, %v", oc, err)
	}
}

// TestOAuthConfigClientSecretDropsALineEnding: the client secret read from a
// secrets file written on Windows ends in "\r"; Google would answer
// invalid_client to it.
func TestOAuthConfigClientSecretDropsALineEnding(t *testing.T) {
	a := New(&config.Config{}, nil, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(k string) string {
		if k == "GMAIL_SECRET" {
			return "s3cret\r\n"
		}
		return ""
	}})
	oc, _, err := a.OAuthConfig(config.Connection{Provider: "gmail", Auth: "oauth2", OAuthClientID: "kw-app", OAuthClientSecretEnv: "GMAIL_SECRET"})
	if err != nil {
		t.Fatal(err)
	}
	if oc.ClientSecret != "s3cret" {
		t.Errorf("client secret %q, want \"s3cret\"", oc.ClientSecret)
	}
}

// TestAuthorizeNotifyWithAPassword: `keepwarm auth notify` on a [notify]
// that logs in with a password says so, as for a mailbox, instead of
// sending the operator to register an OAuth app or to token_cmd.
//
// On a provider keepwarm keeps no sign-in for (Tencent Exmail) there is
// nothing to do, and auth = "oauth2" would be refused; on Gmail the
// advice, followed, loads.
func TestAuthorizeNotifyWithAPassword(t *testing.T) {
	for _, provider := range []string{"exmail", "gmail"} {
		cfg := &config.Config{Notify: config.NotifyConfig{SMTPURL: "smtps://smtp.example.com", Username: "alerts@example.com",
			PasswordEnv: "NOTIFY_PW", Connection: config.Connection{Provider: provider, Auth: "password"}}}
		a := New(cfg, nil, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(string) string { return "" }})
		err := a.Authorize(context.Background(), config.NotifyMailbox, AuthUI{})
		switch {
		case err == nil:
			t.Errorf("%s: signed in", provider)
		case provider == "exmail" && (!strings.Contains(err.Error(), "nothing to do") || strings.Contains(err.Error(), `set auth = "oauth2"`)):
			t.Errorf("exmail: %v, want nothing to do", err)
		case provider == "gmail" && !strings.Contains(err.Error(), `set auth = "oauth2" and oauth_client_id, and remove password_env`):
			t.Errorf("gmail: %v, want auth = \"oauth2\" with the password source removed", err)
		}
	}
	// The Gmail advice followed.
	_, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
` + lilySalesperson + lilysMailbox + `[notify]
provider = "gmail"
username = "alerts@acme.example"
from = "alerts@acme.example"
auth = "oauth2"
oauth_client_id = "kw-app"
oauth_client_secret_env = "GMAIL_SECRET"
`))
	if err != nil {
		t.Errorf("[notify] after the Gmail advice: %v", err)
	}
}
