package mailtest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// GoogleIdentity is a stand-in for Google's OAuth2 endpoints for installed
// applications: /auth (the page a person signs in on; here it checks the
// request and sends the browser straight back to the redirect address with
// a code) and /token (the code exchanged, PKCE checked; refresh tokens).
// Everything it finds wrong is kept in Bad. The IMAP and SMTP stand-ins
// take the access token it issued last (Accepts).
type GoogleIdentity struct {
	URL          string // the server's base URL
	ClientID     string
	ClientSecret string
	Scope        string
	User         string // the account that signs in

	mu      sync.Mutex
	deny    bool // the person refuses: /auth answers error=access_denied
	codes   map[string]authRequest
	n       int // codes given out
	issued  int // access tokens issued
	refresh string
	access  string
	bad     []string
	slow    time.Duration // how long /token waits before answering
}

type authRequest struct{ redirect, challenge string }

// NewGoogleIdentity starts the stand-in until the test ends.
func NewGoogleIdentity(t testing.TB, clientID, secret, scope, user string) *GoogleIdentity {
	g := &GoogleIdentity{ClientID: clientID, ClientSecret: secret, Scope: scope, User: user, codes: map[string]authRequest{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/auth", g.auth)
	mux.HandleFunc("/token", g.token)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	g.URL = hs.URL
	return g
}

// SetSlow makes the token endpoint wait d before each answer.
func (g *GoogleIdentity) SetSlow(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.slow = d
}

// SetDeny makes the person refuse the sign-in (or not).
func (g *GoogleIdentity) SetDeny(deny bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deny = deny
}

// Bad lists what was wrong with the requests received.
func (g *GoogleIdentity) Bad() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.bad...)
}

// Issued counts the access tokens issued.
func (g *GoogleIdentity) Issued() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.issued
}

// Accepts reports whether token is the access token issued last, for User.
func (g *GoogleIdentity) Accepts(user, token string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return user == g.User && g.access != "" && token == g.access
}

func (g *GoogleIdentity) auth(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	var why []string
	switch {
	case err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "":
		why = append(why, "redirect_uri "+redirect+" is not a loopback address")
	}
	for k, want := range map[string]string{"response_type": "code", "client_id": g.ClientID, "scope": g.Scope,
		"access_type": "offline", "prompt": "consent", "code_challenge_method": "S256"} {
		if q.Get(k) != want {
			why = append(why, fmt.Sprintf("%s %q, want %q", k, q.Get(k), want))
		}
	}
	if q.Get("code_challenge") == "" || q.Get("state") == "" {
		why = append(why, "no code_challenge or state")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(why) > 0 {
		g.bad = append(g.bad, why...)
		http.Error(w, strings.Join(why, "; "), http.StatusBadRequest)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	if g.deny {
		back.Set("error", "access_denied")
	} else {
		g.n++
		code := fmt.Sprintf("4/gc-%d", g.n)
		g.codes[code] = authRequest{redirect: redirect, challenge: q.Get("code_challenge")}
		back.Set("code", code)
	}
	http.Redirect(w, r, redirect+"?"+back.Encode(), http.StatusFound)
}

func (g *GoogleIdentity) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	g.mu.Lock()
	slow := g.slow
	g.mu.Unlock()
	if slow > 0 {
		// A token endpoint reached through a slow proxy.
		select {
		case <-time.After(slow):
		case <-r.Context().Done():
			return
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	fail := func(why string) {
		g.bad = append(g.bad, why)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant"}`)
	}
	if r.Method != http.MethodPost || r.Form.Get("client_id") != g.ClientID || r.Form.Get("client_secret") != g.ClientSecret {
		fail("token request without the client's id and secret: " + r.Method)
		return
	}
	switch r.Form.Get("grant_type") {
	case "authorization_code":
		req, ok := g.codes[r.Form.Get("code")]
		delete(g.codes, r.Form.Get("code")) // a code works once
		sum := sha256.Sum256([]byte(r.Form.Get("code_verifier")))
		switch {
		case !ok:
			fail("unknown or used code " + r.Form.Get("code"))
			return
		case r.Form.Get("redirect_uri") != req.redirect:
			fail("redirect_uri " + r.Form.Get("redirect_uri") + " differs from the sign-in's")
			return
		case base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge:
			fail("code_verifier does not match the code_challenge")
			return
		}
		g.refresh = "1//rt-google-secret"
	case "refresh_token":
		if g.refresh == "" || r.Form.Get("refresh_token") != g.refresh {
			fail("refresh token not current")
			return
		}
	default:
		fail("grant_type " + r.Form.Get("grant_type"))
		return
	}
	g.issued++
	g.access = fmt.Sprintf("ya29.at-%d", g.issued)
	out := map[string]any{"access_token": g.access, "token_type": "Bearer", "expires_in": 3599, "scope": g.Scope}
	if r.Form.Get("grant_type") == "authorization_code" {
		out["refresh_token"] = g.refresh // Google does not rotate it on refresh
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}
