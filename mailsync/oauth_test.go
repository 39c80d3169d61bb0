package mailsync_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// tokenEndpoint is a provider's token endpoint: it checks the client id and
// the refresh token it receives, issues access token n with the refresh
// token rotated (as Microsoft does), and from then on the mail server
// accepts only the newest access token.
type tokenEndpoint struct {
	mu      sync.Mutex
	refresh string // the refresh token currently valid
	access  string // the access token the mail server accepts
	issued  int
	revoked bool
	bad     []string // what was wrong with requests
	outage  []answer // answered, one per request, before anything else
}

// answer is a token endpoint's reply during an outage.
type answer struct {
	status int
	body   string
}

// down makes the endpoint answer each of answers, in turn, to the next
// requests.
func (e *tokenEndpoint) down(answers ...answer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.outage = append(e.outage, answers...)
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	if len(e.outage) > 0 {
		a := e.outage[0]
		e.outage = e.outage[1:]
		if strings.HasPrefix(a.body, "{") {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(a.status)
		fmt.Fprint(w, a.body)
		return
	}
	fail := func(code, why string) {
		e.bad = append(e.bad, why)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error":%q,"error_description":%q}`, code, why)
	}
	switch {
	case r.Method != http.MethodPost:
		fail("invalid_request", "method "+r.Method)
	case r.Form.Get("grant_type") != "refresh_token":
		fail("unsupported_grant_type", "grant_type "+r.Form.Get("grant_type"))
	case r.Form.Get("client_id") != "kw-client":
		fail("invalid_client", "client_id "+r.Form.Get("client_id"))
	case e.revoked || r.Form.Get("refresh_token") != e.refresh:
		fail("invalid_grant", "refresh token not current")
	default:
		e.issued++
		e.access = fmt.Sprintf("at-%d", e.issued)
		e.refresh = fmt.Sprintf("rt-%d", e.issued+1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"access_token": e.access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": e.refresh,
		})
	}
}

func (e *tokenEndpoint) accepts(user, token string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return user == salesUser && token == e.access && e.access != ""
}

func TestRefreshedTokenUsedAfterExpiry(t *testing.T) {
	ep := &tokenEndpoint{refresh: "rt-1"}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 2)
	seen := srv.RequireOAuth(ep.accepts)

	clock := keepwarm.NewManualClock(t0)
	var saved []string
	oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
	src := mailsync.NewRefreshingToken(oc, "rt-1", func(_ context.Context, rt string) error {
		saved = append(saved, rt)
		return nil
	}, clock)
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.Auth, cfg.Password, cfg.Token = mailsync.AuthOAuth2, "", src
	s := mailsync.NewSyncer(cfg, newStore(t), team(), clock, testLogger(t), mailsync.SyncOptions{})

	syncOnce(t, s)
	syncOnce(t, s) // the token is still good: no second refresh
	if ep.issued != 1 {
		t.Fatalf("%d tokens issued for two syncs within the hour, want 1", ep.issued)
	}
	clock.Advance(56 * time.Minute) // within RefreshMargin of the expiry
	appendGenAs(t, srv, 2, 3)
	if sum := syncOnce(t, s); sum.New != 1 {
		t.Fatalf("after expiry: %d new, want 1", sum.New)
	}
	if ep.issued != 2 || len(ep.bad) != 0 {
		t.Fatalf("issued %d, bad requests %v; want 2 good refreshes", ep.issued, ep.bad)
	}
	if strings.Join(saved, ",") != "rt-2,rt-3" {
		t.Fatalf("saved refresh tokens %v, want the rotated rt-2, rt-3", saved)
	}
	if n := len(seen.Logins()); n != 3 || seen.Refused() != 0 {
		t.Fatalf("%d logins, %d refused; want 3 and 0", n, seen.Refused())
	}

	ep.mu.Lock()
	ep.revoked = true
	ep.mu.Unlock()
	clock.Advance(2 * time.Hour)
	_, err := s.Sync(context.Background())
	if !mailsync.IsAuthError(err) || !strings.Contains(err.Error(), "invalid_grant") || !strings.Contains(err.Error(), "keepwarm auth") {
		t.Fatalf("revoked refresh token: err = %v, want an AuthError saying invalid_grant and keepwarm auth", err)
	}
	if strings.Contains(err.Error(), "rt-3") {
		t.Fatalf("the error shows the refresh token: %v", err)
	}
}

// appendGenAs appends generated messages while the server requires OAuth
// (which refuses the helpers' LOGIN).
func appendGenAs(t *testing.T, srv *mailtest.IMAPServer, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		srv.AppendDirect(t, salesUser, "INBOX", mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain}), t0.Add(time.Duration(i)*time.Minute))
	}
}

func TestDeviceLogin(t *testing.T) {
	var polls int
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/device", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Form.Get("client_id") != "kw-client" || !strings.Contains(r.Form.Get("scope"), "offline_access") {
			http.Error(w, "bad device request", 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"device_code":"dev-1","user_code":"ABCD-EFGH","verification_uri":"https://login.example/device","expires_in":900,"interval":1}`)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		polls++
		n := polls
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.Form.Get("device_code") != "dev-1" || r.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code" {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		if n == 1 {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"error":"authorization_pending"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"at-x","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-device"}`)
	})
	hs := httptest.NewServer(mux)
	defer hs.Close()
	oc := &oauth2.Config{ClientID: "kw-client", Scopes: []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"},
		Endpoint: oauth2.Endpoint{DeviceAuthURL: hs.URL + "/device", TokenURL: hs.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var shown string
	tok, err := mailsync.DeviceLogin(ctx, ctx, oc, func(code, uri string) { shown = code + " at " + uri })
	if err != nil {
		t.Fatal(err)
	}
	if rt := tok.RefreshToken; rt != "rt-device" || tok.AccessToken != "at-x" || shown != "ABCD-EFGH at https://login.example/device" || polls != 2 {
		t.Fatalf("refresh token %q, shown %q, %d polls", rt, shown, polls)
	}
}

// TestDeviceLoginTakesAPollInFlightWhenTheWaitEnds: the person approved
// the code at once, but the token endpoint, behind a slow proxy, answers
// the poll after the wait (auth's --wait) has ended. The poll is read to
// its end and the sign-in kept: Microsoft hands the grant to that answer
// alone. No poll starts after the wait. The wait ends from the token
// endpoint, once the poll is in it, whenever the poll came.
func TestDeviceLoginTakesAPollInFlightWhenTheWaitEnds(t *testing.T) {
	var polls int
	var mu sync.Mutex
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	wait := newEndableWait(ctx)
	oc := deviceEndpoint(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls++
		mu.Unlock()
		wait.end()
		// The answer comes well after the wait ended.
		time.Sleep(300 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at-x","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-device"}`)
	})
	tok, err := mailsync.DeviceLogin(ctx, wait, oc, func(string, string) {})
	if wait.Err() == nil {
		t.Fatal("the wait had not ended when the sign-in came: the test shows nothing")
	}
	if err != nil || tok.RefreshToken != "rt-device" {
		t.Fatalf("a sign-in whose poll was in flight when the wait ended: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if polls != 1 {
		t.Fatalf("%d polls, want 1", polls)
	}
}

// TestDeviceLoginEndsWithTheWait: nobody signs in; once the wait ends no
// poll starts and the error is the wait's deadline, which auth reads as a
// sign-in not finished. The wait ends at the second poll, from the token
// endpoint, whenever that poll came.
func TestDeviceLoginEndsWithTheWait(t *testing.T) {
	const interval = time.Second
	var polls int
	var mu sync.Mutex
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	wait := newEndableWait(ctx)
	oc := deviceEndpoint(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls++
		if polls == 2 {
			wait.end()
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"authorization_pending"}`)
	})
	_, err := mailsync.DeviceLogin(ctx, wait, oc, func(string, string) {})
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Fatalf("no sign-in: %v, want the wait's deadline", err)
	}
	// A third poll would come an interval after the second.
	time.Sleep(interval * 3 / 2)
	mu.Lock()
	defer mu.Unlock()
	if polls != 2 {
		t.Fatalf("%d polls, the wait ended at the 2nd: want 2", polls)
	}
}

// deviceEndpoint serves a device sign-in: /device hands out code dev-1
// polled every second, /token answers with token; it returns the client's
// configuration for them.
func deviceEndpoint(t *testing.T, token http.HandlerFunc) *oauth2.Config {
	mux := http.NewServeMux()
	mux.HandleFunc("/device", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"device_code":"dev-1","user_code":"ABCD-EFGH","verification_uri":"https://login.example/device","expires_in":900,"interval":1}`)
	})
	mux.HandleFunc("/token", token)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return &oauth2.Config{ClientID: "kw-client", Scopes: []string{"offline_access"},
		Endpoint: oauth2.Endpoint{DeviceAuthURL: hs.URL + "/device", TokenURL: hs.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
}

// endableWait is auth's --wait ended when the test says so, not by the
// clock: its Err is then context.DeadlineExceeded, as the wait's
// deadline's would be. It ends with its parent too.
type endableWait struct {
	context.Context
	once sync.Once
	done chan struct{}
}

func newEndableWait(parent context.Context) *endableWait {
	w := &endableWait{Context: parent, done: make(chan struct{})}
	context.AfterFunc(parent, w.end)
	return w
}

func (w *endableWait) end()                  { w.once.Do(func() { close(w.done) }) }
func (w *endableWait) Done() <-chan struct{} { return w.done }
func (w *endableWait) Deadline() (time.Time, bool) {
	return time.Time{}, false
}

func (w *endableWait) Err() error {
	select {
	case <-w.done:
		if err := w.Context.Err(); err != nil {
			return err
		}
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// googleConfig is the OAuth2 client of an installed application at g.
func googleConfig(g *mailtest.GoogleIdentity) *oauth2.Config {
	return &oauth2.Config{ClientID: g.ClientID, ClientSecret: g.ClientSecret, Scopes: []string{g.Scope},
		Endpoint: oauth2.Endpoint{AuthURL: g.URL + "/auth", TokenURL: g.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
}

// TestBrowserLogin: the installed-application sign-in. A browser on this
// machine comes back to keepwarm's listener; a browser elsewhere cannot,
// and the address it ends on is pasted instead. The provider sees a
// loopback redirect, PKCE and a request for offline access, and the code's
// exchange proves the verifier. A stray request to the listener is
// ignored; a refusal, or a pasted address of another sign-in, ends it with
// the reason.
func TestBrowserLogin(t *testing.T) {
	g := mailtest.NewGoogleIdentity(t, "kw.apps.googleusercontent.com", "GOCSPX-secret", "https://mail.google.com/", salesUser)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// back is where the provider sends the browser after the sign-in.
	back := func(authURL string) string {
		resp, err := noFollow.Get(authURL)
		if err != nil {
			t.Error(err)
			return ""
		}
		resp.Body.Close()
		return resp.Header.Get("Location")
	}
	var notes []string
	var notesMu sync.Mutex
	note := func(s string) { notesMu.Lock(); notes = append(notes, s); notesMu.Unlock() }
	loginWithin := func(wait time.Duration, show func(string), paste io.Reader) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		tok, err := mailsync.BrowserLogin(ctx, ctx, googleConfig(g), show, paste, note)
		if err != nil {
			return "", err
		}
		return tok.RefreshToken, nil
	}
	login := func(show func(string), paste io.Reader) (string, error) {
		return loginWithin(10*time.Second, show, paste)
	}

	t.Run("browser here", func(t *testing.T) {
		page := make(chan string, 1)
		rt, err := login(func(u string) {
			go func() {
				loc := back(u)
				// A stray request first (another tab, a wrong state): ignored.
				if resp, err := http.Get(strings.Replace(loc, "state=", "state=x", 1)); err == nil {
					resp.Body.Close()
				}
				resp, err := http.Get(loc)
				if err != nil {
					page <- "the browser got no page: " + err.Error()
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				page <- string(b)
			}()
		}, nil)
		if err != nil || rt != "1//rt-google-secret" {
			t.Fatalf("refresh token %q, %v", rt, err)
		}
		select {
		case p := <-page:
			if !strings.Contains(p, "keepwarm has the sign-in") {
				t.Errorf("the browser was shown %q", p)
			}
		case <-time.After(10 * time.Second):
			t.Error("the browser's request never ended")
		}
	})
	t.Run("browser elsewhere, address pasted", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		rt, err := login(func(u string) {
			go fmt.Fprintf(pw, "\n  %s  \n", back(u))
		}, pr)
		if err != nil || rt != "1//rt-google-secret" {
			t.Fatalf("refresh token %q, %v", rt, err)
		}
	})
	if bad := g.Bad(); len(bad) != 0 {
		t.Fatalf("the provider saw bad requests: %v", bad)
	}
	// A wrong line pasted (another sign-in's address, the sign-in address
	// itself, a typo) is told of and the sign-in goes on: the right
	// address pasted after it signs in.
	t.Run("wrong lines pasted, then the right one", func(t *testing.T) {
		notes = nil
		pr, pw := io.Pipe()
		defer pw.Close()
		rt, err := login(func(u string) {
			go fmt.Fprintf(pw, "http://127.0.0.1:1/?state=old&code=4/gc-1\n%s\nhttp//127.0.0.1 typo\n%s\n", u, back(u))
		}, pr)
		if err != nil || rt != "1//rt-google-secret" {
			t.Fatalf("refresh token %q, %v", rt, err)
		}
		notesMu.Lock()
		defer notesMu.Unlock()
		if len(notes) != 3 || !strings.Contains(notes[0], "does not belong to this sign-in") || !strings.Contains(notes[1], "holds no code") ||
			!strings.Contains(notes[2], "not an address") || !strings.Contains(notes[0], "starts with http://127.0.0.1:") {
			t.Fatalf("told of the wrong lines: %q", notes)
		}
	})
	t.Run("a refusal pasted ends it", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		_, err := login(func(u string) {
			pu, err := url.Parse(u)
			if err != nil {
				t.Error(err)
				return
			}
			state := pu.Query().Get("state")
			go fmt.Fprintf(pw, "http://127.0.0.1:1/?state=%s&error=access_denied\n", state)
		}, pr)
		if err == nil || !strings.Contains(err.Error(), "refused: access_denied") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("another sign-in's address pasted, nothing else", func(t *testing.T) {
		_, err := loginWithin(time.Second, func(u string) {}, strings.NewReader("http://127.0.0.1:1/?state=old&code=4/gc-1\n"))
		if err == nil || !strings.Contains(err.Error(), "does not belong to this sign-in") {
			t.Fatalf("%v", err)
		}
	})
	// This sign-in's address pasted with its code cut off (selected by
	// hand): the provider refuses the code, which is told of, and the
	// whole address pasted after it signs in.
	t.Run("a cut-off address pasted, then the whole one", func(t *testing.T) {
		notesMu.Lock()
		notes = nil
		notesMu.Unlock()
		pr, pw := io.Pipe()
		defer pw.Close()
		rt, err := login(func(u string) {
			loc := back(u)
			// Google writes state, code, then scope: the tail cut
			// takes scope and the code's end.
			lu, err := url.Parse(loc)
			if err != nil {
				t.Error(err)
				return
			}
			q := lu.Query()
			cut := fmt.Sprintf("http://%s/?state=%s&code=%s", lu.Host, q.Get("state"), q.Get("code")[:len(q.Get("code"))-1])
			go fmt.Fprintf(pw, "%s\n%s\n", cut, loc)
		}, pr)
		if err != nil || rt != "1//rt-google-secret" {
			t.Fatalf("refresh token %q, %v", rt, err)
		}
		notesMu.Lock()
		defer notesMu.Unlock()
		if len(notes) != 1 || !strings.Contains(notes[0], "cut off") {
			t.Fatalf("told %q", notes)
		}
	})
	t.Run("refused", func(t *testing.T) {
		g.SetDeny(true)
		defer g.SetDeny(false)
		_, err := login(func(u string) {
			go func() {
				if resp, err := http.Get(u); err == nil {
					resp.Body.Close()
				}
			}()
		}, nil)
		if err == nil || !strings.Contains(err.Error(), "refused: access_denied") {
			t.Fatalf("%v", err)
		}
	})
}

// Outages of the token endpoint: each says what happened and none is a
// refused login, which only the provider refusing the grant is.
var endpointOutages = []answer{
	{503, `{"error":"temporarily_unavailable","error_description":"try later"}`},
	{429, ``},
	{500, `<html>upstream error</html>`},
	{400, `<html>the proxy refused</html>`},
}

func TestTokenEndpointOutageIsNotARefusal(t *testing.T) {
	ep, src := refreshingRig(t)
	for _, a := range endpointOutages {
		ep.down(a)
		_, err := src.Token(context.Background())
		if err == nil || mailsync.IsAuthError(err) {
			t.Fatalf("answer %d %q: err = %v, want a plain error", a.status, a.body, err)
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("token endpoint answered %d", a.status)) || strings.Contains(err.Error(), "keepwarm auth") {
			t.Fatalf("answer %d: %v; want it to say what the endpoint answered, not to sign in again", a.status, err)
		}
	}
	if _, err := src.Token(context.Background()); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}

// TestTokenEndpointRefusalsWantASignIn: Microsoft answers a refresh with
// interaction_required when a Conditional Access policy (sign-in frequency,
// MFA) wants the person again, consent_required when consent was withdrawn,
// invalid_resource when the resource is not in the tenant. Asking again
// changes nothing: each is a refused login that names keepwarm auth, while
// the outages beside them stay plain errors.
func TestTokenEndpointRefusalsWantASignIn(t *testing.T) {
	ep, src := refreshingRig(t)
	for _, a := range []answer{
		{400, `{"error":"interaction_required","error_description":"AADSTS50076: multi-factor authentication required"}`},
		{400, `{"error":"consent_required","error_description":"AADSTS65001"}`},
		{400, `{"error":"login_required","error_description":"AADSTS50058"}`},
	} {
		ep.down(a)
		_, err := src.Token(context.Background())
		if !mailsync.IsAuthError(err) || !strings.Contains(err.Error(), "keepwarm auth") {
			t.Errorf("answer %d %s: err = %v, want a refused login naming keepwarm auth", a.status, a.body, err)
		}
	}
	for _, a := range []answer{{400, `{"error":"slow_down"}`}, {400, `{"error":"temporarily_unavailable"}`}} {
		ep.down(a)
		if _, err := src.Token(context.Background()); err == nil || mailsync.IsAuthError(err) {
			t.Errorf("answer %d %s: err = %v, want a plain error", a.status, a.body, err)
		}
	}
}

// TestRefusedRefreshSaysWhyAndWhoCanFixIt: the token endpoint refuses a
// refresh and says why in its error_description (an AADSTS number on
// Microsoft). The refused login carries that reason on one line, and the
// advice follows it: `keepwarm auth` for an expired or revoked grant only;
// an administrator for a Conditional Access block or a disabled account;
// the tenant and client settings for an app or account not in the
// directory, none of which a new sign-in gets past.
func TestRefusedRefreshSaysWhyAndWhoCanFixIt(t *testing.T) {
	ep, src := refreshingRig(t)
	trace := " Trace ID: 0b6c7d3e-1f2a-4b5c-9d8e-7f6a5b4c3d2e\\r\\nCorrelation ID: 4f1e2d3c-b5a6-4978-8a9b-0c1d2e3f4a5b\\r\\nTimestamp: 2026-12-06 09:14:02Z"
	for _, c := range []struct {
		body, code string
		want       error
	}{
		{`{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity.` + trace + `"}`, "AADSTS700082", mailsync.ErrOAuthSignInAgain},
		{`{"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed."}`, "AADSTS50173", mailsync.ErrOAuthSignInAgain},
		{`{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`, "Token has been expired or revoked.", mailsync.ErrOAuthSignInAgain},
		{`{"error":"invalid_grant","error_description":"AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.` + trace + `"}`, "AADSTS53003", mailsync.ErrOAuthBlocked},
		{`{"error":"invalid_grant","error_description":"AADSTS50057: The user account is disabled."}`, "AADSTS50057", mailsync.ErrOAuthBlocked},
		{`{"error":"unauthorized_client","error_description":"AADSTS700016: Application with identifier 'kw-client' was not found in the directory 'contoso'."}`, "AADSTS700016", mailsync.ErrOAuthWrongTenant},
		{`{"error":"invalid_resource","error_description":"AADSTS500011: The resource principal named https://outlook.office365.com was not found in the tenant named contoso."}`, "AADSTS500011", mailsync.ErrOAuthWrongTenant},
		{`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`, "AADSTS7000215", mailsync.ErrOAuthClientRefused},
		// Google: the team's OAuth client deleted in the Cloud console, or
		// the Workspace administrator limiting Gmail to trusted apps.
		{`{"error":"deleted_client","error_description":"The OAuth client was deleted."}`, "deleted_client", mailsync.ErrOAuthClientRefused},
		{`{"error":"disabled_client","error_description":"The OAuth client was disabled."}`, "disabled_client", mailsync.ErrOAuthClientRefused},
		// A block or a bad request a new sign-in does not get past, and a
		// code keepwarm does not know: no plain "run keepwarm auth".
		{`{"error":"invalid_grant","error_description":"AADSTS530003: Your device is required to be managed to access this resource."}`, "AADSTS530003", mailsync.ErrOAuthBlocked},
		{`{"error":"invalid_grant","error_description":"AADSTS530033: Remote device flow blocked due to a device based conditional access rule."}`, "AADSTS530033", mailsync.ErrOAuthBlocked},
		{`{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' is not valid."}`, "AADSTS70011", mailsync.ErrOAuthBadRequest},
		{`{"error":"invalid_request","error_description":"AADSTS900144: The request body must contain the following parameter: 'client_id'."}`, "AADSTS900144", mailsync.ErrOAuthBadRequest},
		{`{"error":"unsupported_grant_type","error_description":"The grant type is not supported."}`, "unsupported_grant_type", mailsync.ErrOAuthBadRequest},
		{`{"error":"invalid_grant","error_description":"AADSTS99999123: Something keepwarm has never seen."}`, "AADSTS99999123", mailsync.ErrOAuthRefusedUnsure},
		{`{"error":"access_denied","error_description":"Not allowed."}`, "access_denied", mailsync.ErrOAuthRefusedUnsure},
		{`{"error":"interaction_required","error_description":"AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication."}`, "AADSTS50076", mailsync.ErrOAuthSignInAgain},
		{`{"error":"admin_policy_enforced","error_description":"The user's Google Workspace administrator has restricted access to this app."}`, "admin_policy_enforced", mailsync.ErrOAuthBlocked},
	} {
		status := 400
		if strings.Contains(c.body, "_client") {
			status = 401
		}
		ep.down(answer{status, c.body})
		_, err := src.Token(context.Background())
		if !mailsync.IsAuthError(err) || !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want a refused login with %q", c.body, err, c.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, c.code) || strings.ContainsAny(msg, "\r\n") {
			t.Errorf("%s: err = %q, want the provider's reason (%s) on one line", c.body, msg, c.code)
		}
		if again := strings.Contains(msg, "run `keepwarm auth` for this mailbox again"); again != (c.want == mailsync.ErrOAuthSignInAgain) {
			t.Errorf("%s: err = %q: says to run keepwarm auth = %v, want it only for an expired or revoked grant", c.body, msg, again)
		}
		if c.want != mailsync.ErrOAuthSignInAgain && c.want != mailsync.ErrOAuthRefusedUnsure && strings.Contains(msg, "keepwarm auth") {
			t.Errorf("%s: err = %q names keepwarm auth, which is refused the same way", c.body, msg)
		}
	}
}

// TestRefusedAccessTokenIsReplaced: the mail server refuses an access
// token before its announced expiry (an administrator revoked the session,
// Exchange's intermittent AUTHENTICATE failed). The next login refreshes
// instead of presenting the refused token again, so the mailbox syncs
// rather than stopping after three refusals of the same token.
func TestRefusedAccessTokenIsReplaced(t *testing.T) {
	ep := &tokenEndpoint{refresh: "rt-1"}
	hs := httptest.NewServer(ep)
	defer hs.Close()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	var mu sync.Mutex
	var seen []string
	srv.RequireOAuth(func(user, token string) bool {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, token)
		return user == salesUser && token == "at-2" // at-1 was revoked
	})
	oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
	cfg := mailboxConfig(srv, "sales", salesUser)
	cfg.Auth, cfg.Password = mailsync.AuthOAuth2, ""
	// The token's clock stands still: at-1 would look fresh for its hour.
	cfg.Token = mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.NewManualClock(t0))
	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 3,
			OnIngest: func(r keepwarm.SaveResult) { ingested <- r }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	deadline := time.After(20 * time.Second)
	for synced := false; !synced; {
		select {
		case <-ingested:
			synced = true
		case <-deadline:
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("nothing synced; tokens presented %v, stopped %v", seen, s.Stopped())
		case <-time.After(10 * time.Millisecond):
			if s.Stopped() {
				mu.Lock()
				defer mu.Unlock()
				t.Fatalf("the mailbox stopped; tokens presented %v", seen)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0] != "at-1" || seen[1] != "at-2" {
		t.Fatalf("tokens presented %v, want at-1 then a fresh at-2", seen)
	}
}

// TestRunOutlastsTokenOutage: a daemon whose token endpoint, or token_cmd,
// fails for a while keeps trying and syncs once it is back, where three
// refused logins in a row would have stopped the mailbox.
func TestRunOutlastsTokenOutage(t *testing.T) {
	run := func(t *testing.T, srv *mailtest.IMAPServer, cfg mailsync.MailboxConfig, ready func() bool) {
		t.Helper()
		ingested := make(chan keepwarm.SaveResult, 10)
		s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t),
			mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 3,
				OnIngest: func(r keepwarm.SaveResult) { ingested <- r }})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		defer func() {
			cancel()
			<-done
		}()
		deadline := time.After(20 * time.Second)
	wait:
		for {
			select {
			case <-ingested:
				break wait
			case <-deadline:
				t.Fatal("nothing synced")
			case <-time.After(10 * time.Millisecond):
				if s.Stopped() {
					t.Fatal("the mailbox stopped trying during the outage")
				}
			}
		}
		if s.Stopped() || !ready() {
			t.Fatalf("stopped = %v, outage over = %v", s.Stopped(), ready())
		}
	}
	t.Run("token endpoint", func(t *testing.T) {
		ep := &tokenEndpoint{refresh: "rt-1"}
		hs := httptest.NewServer(ep)
		defer hs.Close()
		ep.down(endpointOutages...)
		srv := mailtest.NewMemServer(t)
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 1)
		srv.RequireOAuth(ep.accepts)
		oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
		cfg := mailboxConfig(srv, "sales", salesUser)
		cfg.Auth, cfg.Password = mailsync.AuthOAuth2, ""
		cfg.Token = mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.SystemClock{})
		run(t, srv, cfg, func() bool {
			ep.mu.Lock()
			defer ep.mu.Unlock()
			return len(ep.outage) == 0 && ep.issued == 1
		})
	})
	t.Run("token_cmd", func(t *testing.T) {
		srv, _ := oauthServer(t, 1)
		count := filepath.Join(t.TempDir(), "runs")
		// Fails three times (the keyring locked, the provider unreachable),
		// then prints the token.
		cmd := fmt.Sprintf(`n=$(cat %[1]s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %[1]s; if [ $n -le 3 ]; then echo "cannot reach the provider" >&2; exit 1; fi; echo %[2]s`, count, goodToken)
		run(t, srv, oauthConfig(srv, cmd), func() bool {
			b, _ := os.ReadFile(count)
			return strings.TrimSpace(string(b)) == "4"
		})
	})
}

// TestTokenCmdBoundEvenWhenAChildHoldsItsOutput: a token_cmd whose child
// process keeps its standard output open (a keyring helper waiting for an
// unlock) still ends at the timeout, with a plain error saying so.
func TestTokenCmdBoundEvenWhenAChildHoldsItsOutput(t *testing.T) {
	src := mailsync.CommandToken("sleep 8 & sleep 8; echo tok", "", time.Second)
	start := time.Now()
	_, err := src.Token(context.Background())
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("Token returned after %v, the bound is 1s", took)
	}
	if err == nil || mailsync.IsAuthError(err) || !strings.Contains(err.Error(), "token_cmd did not finish within 1s") {
		t.Fatalf("err = %v, want a plain error saying token_cmd did not finish", err)
	}
}

// TestTokenCmdRunsInItsDirectory: token_cmd runs in the directory given
// (the config file's), as password_cmd does, not the working directory.
func TestTokenCmdRunsInItsDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lily-token"), []byte("tok-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	tok, err := mailsync.CommandToken("cat lily-token", dir, 10*time.Second).Token(context.Background())
	if err != nil || tok != "tok-from-file" {
		t.Fatalf("token %q, err %v", tok, err)
	}
}

// TestRefusedOAuthClientNamesTheClient: a client secret rotated in the
// Google Cloud console, or an Entra app no longer allowed the flow, is
// refused as invalid_client / unauthorized_client: still a refused login,
// but one that names the client, not `keepwarm auth`, which the same
// client cannot pass either.
func TestRefusedOAuthClientNamesTheClient(t *testing.T) {
	ep, src := refreshingRig(t)
	for _, a := range []answer{{401, `{"error":"invalid_client"}`}, {400, `{"error":"unauthorized_client"}`}} {
		ep.down(a)
		_, err := src.Token(context.Background())
		if !mailsync.IsAuthError(err) || !errors.Is(err, mailsync.ErrOAuthClientRefused) ||
			!strings.Contains(err.Error(), "oauth_client_id") || strings.Contains(err.Error(), "keepwarm auth") {
			t.Errorf("answer %d %s: err = %v, want a refused login naming the client", a.status, a.body, err)
		}
	}
}

// TestBrowserLoginExchangesPastTheWait: the person finishes the sign-in
// with little of auth's --wait left, and the token endpoint (through a
// slow proxy) answers after it has run out. The wait bounded only the
// person: the code is exchanged on the caller's context and the tokens
// come back, not "context deadline exceeded" with the code spent.
func TestBrowserLoginExchangesPastTheWait(t *testing.T) {
	g := mailtest.NewGoogleIdentity(t, "kw.apps.googleusercontent.com", "GOCSPX-secret", "https://mail.google.com/", salesUser)
	g.SetSlow(1500 * time.Millisecond)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wait, cancelWait := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancelWait()
	tok, err := mailsync.BrowserLogin(ctx, wait, googleConfig(g), func(u string) {
		go func() {
			resp, err := noFollow.Get(u)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp, err = http.Get(resp.Header.Get("Location")); err == nil {
				resp.Body.Close()
			}
		}()
	}, nil, nil)
	if err != nil || tok.RefreshToken != "1//rt-google-secret" {
		t.Fatalf("a sign-in that came back in time: %v, %v", tok, err)
	}
	if wait.Err() == nil {
		t.Fatal("the token endpoint answered within the wait: the test proves nothing")
	}
}

// TestSignInErrorsWithoutTheEndpointsPage: a token endpoint behind a proxy
// or captive portal answers the browser sign-in's code exchange, and the
// device sign-in's poll, with a 502 and a 5 KB HTML page. The error
// `keepwarm auth` prints says what the endpoint answered (its status) in a
// line, as a failed refresh does, not the page; the RetrieveError stays in
// its chain. An OAuth2 error keeps its code and description.
func TestSignInErrorsWithoutTheEndpointsPage(t *testing.T) {
	page := "<html><body><h1>502 Bad Gateway</h1>" + strings.Repeat("<p>upstream connect error or disconnect/reset before headers</p>", 80) + "</body></html>"
	if len(page) < 5000 {
		t.Fatalf("the page is %d bytes, want 5 KB", len(page))
	}
	badGateway := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, page)
	}
	short := func(what string, err error, want ...string) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		msg := err.Error()
		if len(msg) > 400 || strings.Contains(msg, "<html>") || strings.Contains(msg, "upstream connect") {
			t.Errorf("%s: the error holds the endpoint's page (%d bytes): %.200s", what, len(msg), msg)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not say %q", what, msg, w)
			}
		}
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			t.Errorf("%s: the RetrieveError is not in the chain of %v", what, err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The browser sign-in: the provider sends the browser straight back
	// with a code, and the exchange meets the proxy.
	mux := http.NewServeMux()
	mux.HandleFunc("/auth", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code=c-1&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("/token", badGateway)
	hs := httptest.NewServer(mux)
	defer hs.Close()
	oc := &oauth2.Config{ClientID: "kw-client", Scopes: []string{"offline_access"},
		Endpoint: oauth2.Endpoint{AuthURL: hs.URL + "/auth", TokenURL: hs.URL + "/token", AuthStyle: oauth2.AuthStyleInParams}}
	_, err := mailsync.BrowserLogin(ctx, ctx, oc, func(u string) {
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
	}, nil, nil)
	short("browser sign-in", err, "exchange the sign-in's code for tokens", "token endpoint answered 502")

	// The device sign-in: the poll meets the proxy.
	_, err = mailsync.DeviceLogin(ctx, ctx, deviceEndpoint(t, badGateway), func(string, string) {})
	short("device sign-in", err, "waiting for the sign-in", "token endpoint answered 502")

	// A refusal with an OAuth2 error keeps its code and what the provider said.
	_, err = mailsync.DeviceLogin(ctx, ctx, deviceEndpoint(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"access_denied","error_description":"AADSTS70000: The user\ndeclined the sign-in."}`)
	}), func(string, string) {})
	short("device sign-in refused", err, "token endpoint answered 400 (access_denied): AADSTS70000: The user declined the sign-in.")
}

// TestRefusedRefreshStoredWithItsAdvice: Microsoft appends "Trace ID: …
// Correlation ID: … Timestamp: …" to every description. The failure
// stored for /healthz and the owner's digest keeps the verdict, the advice
// and the code whole, without that tail, and two refusals that differ
// only in it are the same failure to the sync loop (said once an hour,
// stored once in 15 minutes), not a new one at each try.
func TestRefusedRefreshStoredWithItsAdvice(t *testing.T) {
	trace := func(id string) string {
		return `\r\nTrace ID: ` + id + `-1f2a-4b5c-9d8e-7f6a5b4c3d2e\r\nCorrelation ID: 4f1e2d3c-b5a6-4978-8a9b-` + id + `\r\nTimestamp: 2026-12-06 09:14:0` + id[:1] + `Z`
	}
	blocked := func(id string) string {
		return `{"error":"invalid_grant","error_description":"AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.` + trace(id) + `","error_codes":[53003]}`
	}
	expired := `{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-06-01T08:00:00Z and was inactive for 90.00:00:00.` + trace("2") + `"}`
	for _, c := range []struct {
		name, body, want string
	}{
		{"blocked", blocked("1"), "login refused 1 times in a row, keepwarm stopped trying until it is restarted: mailsync: lily: access token: OAuth2 token endpoint login with refresh token refused: " +
			"the provider blocks this account or keepwarm's app for it, and a new sign-in is refused the same way: ask the account's administrator to lift the block (give them the code), then restart keepwarm " +
			"(invalid_grant: AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.)"},
		{"expired", expired, "login refused 1 times in a row, keepwarm stopped trying until it is restarted: mailsync: lily: access token: OAuth2 token endpoint login with refresh token refused: " +
			"run `keepwarm auth` for this mailbox again (invalid_grant: AADSTS700082: The refresh token has expired due to inactivity.)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ep := &tokenEndpoint{refresh: "rt-1"}
			hs := httptest.NewServer(ep)
			defer hs.Close()
			ep.down(answer{400, c.body})
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			srv.RequireOAuth(func(user, token string) bool { return false })
			oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
			cfg := mailboxConfig(srv, "lily", salesUser)
			cfg.Auth, cfg.Password = mailsync.AuthOAuth2, ""
			cfg.Token = mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.NewManualClock(t0))
			db := newStore(t)
			s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t),
				mailsync.SyncOptions{RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, MaxLoginFailures: 1})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			defer func() {
				cancel()
				<-done
			}()
			deadline := time.Now().Add(20 * time.Second)
			for !s.Stopped() {
				if time.Now().After(deadline) {
					t.Fatal("Run did not stop after the refusal")
				}
				time.Sleep(5 * time.Millisecond)
			}
			snap, err := db.OpsSnapshot(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := snap.Mailboxes["lily"].Failure; got != c.want {
				t.Fatalf("stored failure\n got %q\nwant %q", got, c.want)
			}
		})
	}

	ep, src := refreshingRig(t)
	ep.down(answer{400, blocked("3")}, answer{400, blocked("4")})
	_, first := src.Token(context.Background())
	_, second := src.Token(context.Background())
	if first == nil || second == nil || first.Error() != second.Error() {
		t.Fatalf("two refusals differing only in Microsoft's trace: %v / %v, want the same failure", first, second)
	}
}

// TestRefusalDescriptionLosesControlCharacters: a description with an
// escape sequence, a NUL, a C1 CSI, a bidi override or a zero-width space
// (from a TLS-inspecting proxy or a custom oauth_token_url) reaches check's
// terminal, /healthz and the digest without them; its words, and a
// Chinese description's full-width space as a space, stay.
func TestRefusalDescriptionLosesControlCharacters(t *testing.T) {
	ep, src := refreshingRig(t)
	ep.down(answer{400, `{"error":"invalid_grant","error_description":"AADSTS50057: a\u001b[2Jb\u0000\u009b31m\u202ec\u200bd\u3000账户已停用"}`})
	_, err := src.Token(context.Background())
	if err == nil {
		t.Fatal("refused refresh gave no error")
	}
	msg := err.Error()
	for _, r := range msg {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x202e || r == 0x200b || r == 0x3000 {
			t.Fatalf("err = %q: holds %U", msg, r)
		}
	}
	if !strings.Contains(msg, "AADSTS50057: a[2Jb31mcd 账户已停用") {
		t.Fatalf("err = %q, want the description's words", msg)
	}
}

// TestRefusalCodeLosesControlCharacters: the error code comes from the
// same answer as the description. One with an escape sequence, a bidi
// override, a line break or no end reaches neither a refresh's error
// (check's terminal, /healthz, the digest) nor a sign-in's as it is: it
// is said to be unreadable, and the advice and the description stay.
func TestRefusalCodeLosesControlCharacters(t *testing.T) {
	clean := func(what, msg string, want ...string) {
		t.Helper()
		if strings.ContainsAny(msg, "\x1b\u202e\n\r\x07") || strings.Contains(msg, "evil") || len(msg) > 700 {
			t.Errorf("%s: err = %q holds the endpoint's code", what, msg)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: err = %q does not say %q", what, msg, w)
			}
		}
	}
	for _, body := range []string{
		`{"error":"bad\u001b[31m\u202ecode\nx","error_description":"d"}`,
		`{"error":"\u001b]8;;http://evil\u0007run keepwarm auth\u001b]8;;\u0007","error_description":"d"}`,
		`{"error":"` + strings.Repeat("evil_", 400) + `","error_description":"d"}`,
	} {
		ep, src := refreshingRig(t)
		ep.down(answer{400, body})
		_, err := src.Token(context.Background())
		if err == nil {
			t.Fatalf("%s: refused refresh gave no error", body)
		}
		clean("refresh", err.Error(), "unreadable error code: d", mailsync.ErrOAuthRefusedUnsure.Error())

		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		_, err = mailsync.DeviceLogin(ctx, ctx, deviceEndpoint(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, body)
		}), func(string, string) {})
		cancel()
		if err == nil {
			t.Fatalf("%s: refused sign-in gave no error", body)
		}
		clean("sign-in", err.Error(), "token endpoint answered 400 (unreadable error code): d")
	}
}

// refreshingRig starts a token endpoint that takes the refresh token
// rt-1 and gives a RefreshingToken of the client kw-client against it,
// on a manual clock at t0; the endpoint stops with the test.
func refreshingRig(t *testing.T) (*tokenEndpoint, *mailsync.RefreshingToken) {
	t.Helper()
	ep := &tokenEndpoint{refresh: "rt-1"}
	hs := httptest.NewServer(ep)
	t.Cleanup(hs.Close)
	oc := &oauth2.Config{ClientID: "kw-client", Endpoint: oauth2.Endpoint{TokenURL: hs.URL, AuthStyle: oauth2.AuthStyleInParams}}
	return ep, mailsync.NewRefreshingToken(oc, "rt-1", func(context.Context, string) error { return nil }, keepwarm.NewManualClock(t0))
}
