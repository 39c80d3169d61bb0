package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"keepwarm/internal/mailtest"
)

// addressWatch is stdout for `keepwarm auth`: it hands the first address
// of prefix written to it to found.
type addressWatch struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	re     *regexp.Regexp
	found  chan string
	handed bool
}

func (w *addressWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := w.re.FindString(w.buf.String()); m != "" && !w.handed {
		w.handed = true
		w.found <- m
	}
	return len(p), nil
}

func (w *addressWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestAuthGmailInTheBrowserThroughTheProxy: `keepwarm auth` for a Gmail
// mailbox prints Google's sign-in address. Lily's browser is on another
// computer: after she signs in it ends on keepwarm's 127.0.0.1 address,
// which she pastes. The token requests go through the mailbox's SOCKS5
// proxy (the token URL names an address only the proxy knows), the refresh
// token is stored sealed, and sync then logs in with XOAUTH2. A Gmail
// client without its secret is refused by the config, naming the key.
func TestAuthGmailInTheBrowserThroughTheProxy(t *testing.T) {
	const user = "lily@acme-export.com"
	g := mailtest.NewGoogleIdentity(t, "kw.apps.googleusercontent.com", "GOCSPX-test", "https://mail.google.com/", user)
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, user, "lily-pw")
	srv.Append(t, user, "INBOX", inquiry.Bytes(), t0)
	srv.RequireOAuth(g.Accepts)
	proxy := mailtest.NewSOCKS5(t, map[string]string{"localhost:1": strings.TrimPrefix(g.URL, "http://"), srv.Addr(): srv.Addr()})
	keys := fmt.Sprintf(`provider = "gmail"
oauth_client_id = "kw.apps.googleusercontent.com"
oauth_auth_url = "%s/auth"
oauth_token_url = "http://localhost:1/token"
proxy = "socks5://%s"`, g.URL, proxy.Addr())

	noSecret := newCLI(t, oneMailboxConfig(t, srv, keys), nil)
	if code, _, errs := noSecret.run(context.Background(), "auth", "lily"); code == 0 || !strings.Contains(errs, `mailbox "lily".oauth_client_secret_env`) {
		t.Fatalf("a Gmail client without its secret: exit %d\n%s", code, errs)
	}

	path := oneMailboxConfig(t, srv, keys+"\noauth_client_secret_env = \"GOOGLE_SECRET\"")
	env := map[string]string{"GOOGLE_SECRET": "GOCSPX-test"}
	out := &addressWatch{re: regexp.MustCompile(regexp.QuoteMeta(g.URL) + `/auth\?\S+`), found: make(chan string, 1)}
	pasteR, pasteW := io.Pipe()
	defer pasteW.Close()
	go func() {
		authURL := <-out.found
		// Her browser: Google's page, then the way back, which it cannot
		// follow from another computer.
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(authURL)
		if err != nil {
			t.Error(err)
			pasteW.Close()
			return
		}
		resp.Body.Close()
		fmt.Fprintln(pasteW, resp.Header.Get("Location"))
	}()
	var errb bytes.Buffer
	m := NewMain(pasteR, out, &errb, func(k string) string { return env[k] })
	if code := m.Run(context.Background(), []string{"--config", path, "--log-level", "error", "auth", "lily"}); code != 0 {
		t.Fatalf("auth: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if s := out.String(); !strings.Contains(s, "copy that whole address") || !strings.Contains(s, "signed in: mailbox lily's refresh token is stored") ||
		strings.Contains(s, "rt-google-secret") {
		t.Fatalf("auth output:\n%s", s)
	}

	c := newCLI(t, path, env)
	if s := c.mustRun("--log-level", "error", "sync"); !strings.Contains(s, "1 new message(s)") {
		t.Fatalf("sync after auth:\n%s", s)
	}
	if bad := g.Bad(); len(bad) != 0 {
		t.Fatalf("Google's stand-in got bad requests: %v", bad)
	}
	if n := g.Issued(); n != 2 {
		t.Fatalf("%d access tokens issued, want the sign-in's and the sync's", n)
	}
	if asked := proxy.Asked(); !slices.Contains(asked, "localhost:1") {
		t.Fatalf("the token requests bypassed the proxy: it was asked for %v", asked)
	}
}
