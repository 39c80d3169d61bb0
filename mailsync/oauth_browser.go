package mailsync

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// BrowserLogin runs the OAuth2 authorization-code flow of an installed
// application (RFC 8252), with PKCE (RFC 7636): the provider sends the
// browser back to a one-off listener on 127.0.0.1. show gets the address
// to open. The sign-in ends when the browser comes back to the listener,
// or when a line read from paste holds the address it was sent back to: a
// browser on another computer cannot reach this one's 127.0.0.1, shows an
// error page, and its address bar holds the code. It returns the tokens,
// as DeviceLogin does. The token request goes through the
// HTTP client in ctx (oauth2.HTTPClient), as every other.
func BrowserLogin(ctx context.Context, cfg *oauth2.Config, show func(authURL string), paste io.Reader) (*oauth2.Token, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the sign-in's return: %w", err)
	}
	c := *cfg
	c.RedirectURL = "http://" + ln.Addr().String() + "/"
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	state := hex.EncodeToString(b[:])
	verifier := oauth2.GenerateVerifier()

	type result struct {
		code string
		err  error
	}
	results := make(chan result, 2)
	send := func(r result) {
		select {
		case results <- r:
		default: // one result is enough
		}
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(w, r) // the browser asking for a favicon, say
			return
		}
		code, err := codeFrom(q, state)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, "keepwarm: %v\n", err)
			if q.Get("state") != state {
				return // not this sign-in's: keep waiting for it
			}
		} else {
			fmt.Fprintln(w, "keepwarm has the sign-in: close this page and look at the terminal where keepwarm auth runs.")
		}
		// The page is on its way before the sign-in goes on: the listener
		// closes soon after.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		send(result{code, err})
	})}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		// Let a page being written reach the browser (a reset connection
		// instead of "keepwarm has the sign-in" would read as a failure),
		// then close what is left.
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		_ = srv.Close()
	}()
	if paste != nil {
		go func() {
			sc := bufio.NewScanner(paste)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" {
					continue
				}
				u, err := url.Parse(line)
				if err != nil {
					send(result{err: fmt.Errorf("the pasted line is not an address: %w", err)})
					return
				}
				code, err := codeFrom(u.Query(), state)
				send(result{code, err})
				return
			}
		}()
	}
	show(c.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent"), oauth2.S256ChallengeOption(verifier)))
	var code string
	select {
	case r := <-results:
		if r.err != nil {
			return nil, r.err
		}
		code = r.code
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the sign-in: %w", ctx.Err())
	}
	t, err := c.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchange the sign-in's code for tokens: %w", err)
	}
	if t.RefreshToken == "" {
		return nil, errors.New("the provider returned no refresh token: remove keepwarm's access in the account's security settings and sign in again")
	}
	return t, nil
}

// codeFrom reads the code from the query the provider sent the browser
// back with, after checking it belongs to this sign-in.
func codeFrom(q url.Values, state string) (string, error) {
	if q.Get("state") != state {
		return "", errors.New("this address does not belong to this sign-in (its state differs): use the address of the page the sign-in ended on, or run keepwarm auth again")
	}
	if e := q.Get("error"); e != "" {
		return "", fmt.Errorf("the sign-in was refused: %s %s", e, q.Get("error_description"))
	}
	code := q.Get("code")
	if code == "" {
		return "", errors.New("the address holds no code")
	}
	return code, nil
}
