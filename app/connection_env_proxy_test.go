package app

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/store"
)

// TestTokenRequestsNameAnEnvironmentProxyThatDoesNotParse: the service's
// unit sets HTTPS_PROXY for the token requests, its password written with
// "^" and "|" unencoded. Go would take "http:" for the proxy (or, with a
// bare "%", go around it): the refresh fails, or times out, and nothing
// names the variable. The refresh says the variable does not parse, never
// its value, and asks nothing; a token endpoint NO_PROXY names, or on the
// loopback, is asked as before.
func TestTokenRequestsNameAnEnvironmentProxyThatDoesNotParse(t *testing.T) {
	ctx := context.Background()
	clock := keepwarm.NewManualClock(t0)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ep := &googleTokens{}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	for _, c := range []struct {
		name     string
		tokenURL string
		env      map[string]string
		want     string // "": no complaint of the variable
		asked    bool
	}{
		{"HTTPS_PROXY with ^ and |", "https://login.example.invalid/tenant/token",
			map[string]string{"HTTPS_PROXY": "http://kw:Pa^ss|1@proxy.corp:3128"}, "HTTPS_PROXY", false},
		{"https_proxy with a bare %", "https://login.example.invalid/tenant/token",
			map[string]string{"https_proxy": "http://kw:50%@proxy.corp:3128"}, "https_proxy", false},
		{"NO_PROXY names the endpoint's host", "https://login.example.invalid/tenant/token",
			map[string]string{"HTTPS_PROXY": "http://kw:Pa^ss|1@proxy.corp:3128", "NO_PROXY": "proxy.corp,login.example.invalid"}, "", false},
		{"an endpoint on the loopback", hs.URL,
			map[string]string{"HTTP_PROXY": "http://kw:Pa^ss|1@proxy.corp:3128"}, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{store.SecretKeyEnv: "a key of at least sixteen characters"}
			for k, v := range c.env {
				env[k] = v
			}
			ms := config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "ms-client", OAuthTokenURL: c.tokenURL}
			cfg := &config.Config{Mailboxes: []config.MailboxConfig{{Name: "lily", Username: "lily@corp.example", Connection: ms}}}
			a := New(cfg, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})
			key, err := a.SecretKey(false)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(1)
			kept := store.OAuthToken{Mailbox: "lily", Provider: "microsoft365", ClientID: "ms-client", Username: "lily@corp.example",
				RefreshToken: "rt-" + c.name, ObtainedAt: clock.Now(), UsedAt: clock.Now()}
			if err := db.SaveOAuthToken(ctx, key, kept); err != nil {
				t.Fatal(err)
			}
			before := len(ep.got())
			tctx, cancel := context.WithTimeout(ctx, 20e9)
			defer cancel()
			_, err = a.tokenSource("lily", ms).Token(tctx)
			if asked := len(ep.got()) > before; asked != c.asked {
				t.Fatalf("endpoint asked: %v, want %v (%v)", asked, c.asked, err)
			}
			if c.want == "" {
				if err != nil && (keepwarm.ErrorCode(err) == keepwarm.EINVALID || strings.Contains(err.Error(), "does not parse")) {
					t.Fatalf("the variable is not used for this endpoint, yet: %v", err)
				}
				if c.asked && err != nil {
					t.Fatalf("refresh on the loopback: %v", err)
				}
				return
			}
			if err == nil || keepwarm.ErrorCode(err) != keepwarm.EINVALID {
				t.Fatalf("error %v (code %q), want EINVALID", err, keepwarm.ErrorCode(err))
			}
			msg := err.Error()
			for _, w := range []string{"mailbox lily", "the environment's " + c.want, "does not parse as a URL", "login.example.invalid", "%-encoding"} {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			for _, secret := range []string{"Pa^ss", "kw:", "50%@", "proxy.corp"} {
				if strings.Contains(msg, secret) {
					t.Errorf("error %q holds the variable's value (%q)", msg, secret)
				}
			}
		})
	}
}

// TestSignInNamesAnEnvironmentProxyThatDoesNotParse: `keepwarm auth` on
// the same environment says so before asking Microsoft for a code, rather
// than waiting on a proxy named "http:".
func TestSignInNamesAnEnvironmentProxyThatDoesNotParse(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "kw.db")
	db, err := store.Open(ctx, dbPath, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	env := map[string]string{"HTTPS_PROXY": "http://kw:Pa^ss|1@proxy.corp:3128", "NO_PROXY": "login.example.invalid"}
	ms := config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "ms-client",
		OAuthDeviceURL: "https://device.example.invalid/devicecode", OAuthTokenURL: "https://login.example.invalid/token"}
	cfg := &config.Config{Database: dbPath, Mailboxes: []config.MailboxConfig{{Name: "lily", Username: "lily@corp.example", Connection: ms}}}
	a := New(cfg, db, Options{Clock: keepwarm.NewManualClock(t0), Getenv: func(k string) string { return env[k] }})
	shown := false
	err = a.Authorize(ctx, "lily", AuthUI{Device: func(string, string) { shown = true }, Wait: 5e9})
	if err == nil || keepwarm.ErrorCode(err) != keepwarm.EINVALID || shown ||
		!strings.Contains(err.Error(), "the environment's HTTPS_PROXY") || !strings.Contains(err.Error(), "device.example.invalid") ||
		strings.Contains(err.Error(), "Pa^ss") {
		t.Fatalf("sign-in through an environment's proxy that does not parse: %v (code shown: %v)", err, shown)
	}
}
