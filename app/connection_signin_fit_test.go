package app

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// TestStoredSignInOfAnotherProviderIsNotSent: mailbox lily moved from Google
// Workspace to Microsoft 365 and nobody ran `keepwarm auth lily`. The
// Google refresh token kept for her is not posted to the new token endpoint
// (a live secret handed to a third party); the error names the key that
// changed and what to run, and is no refused login. The same for another
// oauth_client_id or another account; a sign-in kept before the client and
// account were recorded is compared by its provider alone.
func TestStoredSignInOfAnotherProviderIsNotSent(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db := tempDB(t, t0)
	ep := &googleTokens{}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	ms := config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "ms-client", OAuthTokenURL: hs.URL}
	env := map[string]string{store.SecretKeyEnv: "a key of at least sixteen characters"}
	cfg := &config.Config{Mailboxes: []config.MailboxConfig{{Name: "lily", Username: "lily@new.example", Connection: ms}}}
	a := New(cfg, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})
	key, err := a.SecretKey(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		kept store.OAuthToken
		want []string // "" : used
	}{
		{"another provider", store.OAuthToken{Provider: "gmail", ClientID: "kw.apps.googleusercontent.com", Username: "lily@old.example"},
			[]string{"mailbox lily's kept sign-in is Gmail / Google Workspace's (lily@old.example)", `provider = "microsoft365"`, "keepwarm auth lily"}},
		{"another provider, kept before the client was recorded", store.OAuthToken{Provider: "gmail"},
			[]string{"Gmail / Google Workspace's,", `provider = "microsoft365"`, "keepwarm auth lily"}},
		{"another client", store.OAuthToken{Provider: "microsoft365", ClientID: "old-client", Username: "lily@new.example"},
			[]string{`oauth_client_id "old-client", the config says "ms-client"`, "keepwarm auth lily"}},
		{"another account", store.OAuthToken{Provider: "microsoft365", ClientID: "ms-client", Username: "ann@new.example"},
			[]string{"(ann@new.example)", `username = "lily@new.example"`, "keepwarm auth lily"}},
		{"the same, the address in other capitals", store.OAuthToken{Provider: "microsoft365", ClientID: "ms-client", Username: "Lily@New.example"}, nil},
		{"the same provider, kept before", store.OAuthToken{Provider: "microsoft365"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock.Advance(1)
			kept := c.kept
			kept.Mailbox, kept.RefreshToken, kept.ObtainedAt, kept.UsedAt = "lily", "rt-"+c.name, clock.Now(), clock.Now()
			if err := db.SaveOAuthToken(ctx, key, kept); err != nil {
				t.Fatal(err)
			}
			a.tokens = nil
			before := len(ep.got())
			_, err := a.tokenSource("lily", ms).Token(ctx)
			if c.want == nil {
				if err != nil || len(ep.got()) != before+1 {
					t.Fatalf("a fitting sign-in: %v, endpoint asked %d times", err, len(ep.got())-before)
				}
				return
			}
			if n := len(ep.got()) - before; n != 0 {
				t.Fatalf("the endpoint was sent the kept token %d time(s): %v", n, ep.got())
			}
			if err == nil || keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND || mailsync.IsAuthError(err) {
				t.Fatalf("error %v (code %q), want ENOTFOUND and no refused login", err, keepwarm.ErrorCode(err))
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			var ae *mailsync.AuthError
			if errors.As(err, &ae) {
				t.Fatalf("counted as a refused login: %v", err)
			}
		})
	}
}
