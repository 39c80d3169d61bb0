package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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
	db := tempDB(t, t0)
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

// officeProxy is a stand-in for the office's forward HTTP proxy, the only
// way out to the identity provider: it answers the requests it is sent
// for login.example.invalid itself, as the provider would.
type officeProxy struct {
	mu   sync.Mutex
	seen []string // "host path grant_type" of each request it forwarded
}

func (p *officeProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	p.mu.Lock()
	p.seen = append(p.seen, r.URL.Host+" "+r.URL.Path+" "+r.Form.Get("grant_type"))
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Host != "login.example.invalid": // not a proxied request
		w.WriteHeader(http.StatusBadGateway)
	case r.URL.Path == "/devicecode":
		fmt.Fprint(w, `{"device_code":"dc-1","user_code":"KW7-LILY","verification_uri":"https://login.example.invalid/devicelogin","expires_in":900,"interval":1}`)
	case r.Form.Get("grant_type") == "refresh_token":
		fmt.Fprint(w, `{"access_token":"at-via-proxy","token_type":"Bearer","expires_in":3600}`)
	default: // the device code's poll: Lily declined
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"access_denied"}`)
	}
}

func (p *officeProxy) got() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.seen)
}

// TestTokenRequestsGoThroughTheEnvironmentsProxy: behind the office's
// firewall the service's unit sets HTTP_PROXY (or http_proxy), and the
// token endpoint can be reached only through it. The refresh and auth's
// device request and polls go through that proxy; gone direct, every
// refresh would time out and the mailbox's sync stop.
func TestTokenRequestsGoThroughTheEnvironmentsProxy(t *testing.T) {
	ctx := context.Background()
	for _, variable := range []string{"HTTP_PROXY", "http_proxy"} {
		t.Run(variable, func(t *testing.T) {
			dbPath := filepath.Join(t.TempDir(), "kw.db")
			db, err := store.Open(ctx, dbPath, t0)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			proxy := &officeProxy{}
			ps := httptest.NewServer(proxy)
			defer ps.Close()
			clock := keepwarm.NewManualClock(t0)
			env := map[string]string{store.SecretKeyEnv: "a key of at least sixteen characters", variable: ps.URL}
			ms := config.Connection{Provider: "microsoft365", Auth: "oauth2", OAuthClientID: "ms-client",
				OAuthDeviceURL: "http://login.example.invalid/devicecode", OAuthTokenURL: "http://login.example.invalid/token"}
			cfg := &config.Config{Database: dbPath, Mailboxes: []config.MailboxConfig{{Name: "lily", Username: "lily@corp.example", Connection: ms}}}
			a := New(cfg, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})
			key, err := a.SecretKey(false)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(1)
			kept := store.OAuthToken{Mailbox: "lily", Provider: "microsoft365", ClientID: "ms-client", Username: "lily@corp.example",
				RefreshToken: "rt-lily", ObtainedAt: clock.Now(), UsedAt: clock.Now()}
			if err := db.SaveOAuthToken(ctx, key, kept); err != nil {
				t.Fatal(err)
			}
			tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			tok, err := a.tokenSource("lily", ms).Token(tctx)
			if err != nil || tok != "at-via-proxy" {
				t.Fatalf("refresh through %s: %q, %v (the proxy saw %q)", variable, tok, err, proxy.got())
			}
			if got := proxy.got(); !slices.Equal(got, []string{"login.example.invalid /token refresh_token"}) {
				t.Fatalf("the proxy saw %q, want the refresh", got)
			}

			shown := ""
			err = a.Authorize(tctx, "lily", AuthUI{Device: func(code, _ string) { shown = code }, Wait: 10 * time.Second})
			if err == nil || !strings.Contains(err.Error(), "access_denied") || shown != "KW7-LILY" {
				t.Fatalf("sign-in through %s: %v (code shown %q; the proxy saw %q)", variable, err, shown, proxy.got())
			}
			if got := proxy.got()[1:]; len(got) != 2 || got[0] != "login.example.invalid /devicecode " ||
				got[1] != "login.example.invalid /token urn:ietf:params:oauth:grant-type:device_code" {
				t.Fatalf("the proxy saw %q, want the device request and its poll", got)
			}
		})
	}
}
