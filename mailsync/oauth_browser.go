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
// error page, and its address bar holds the code. A pasted line that is
// not this sign-in's return address (the sign-in address itself, a typo,
// an old sign-in's) is told of through note, when not nil, and the
// sign-in goes on waiting: the consent page still open stays good. Only
// the provider's refusal ends it: of the sign-in, or of a pasted code
// (invalid_grant) a second time; the first is told of as cut off. It returns the tokens, as DeviceLogin
// does. The token request goes through the HTTP client in ctx
// (oauth2.HTTPClient), as every other. wait (derived from ctx, or ctx
// itself) bounds only the wait for the person: the code that came back
// is exchanged on ctx, so a sign-in finished with seconds left is not lost
// to a slow token endpoint, its code spent.
func BrowserLogin(ctx, wait context.Context, cfg *oauth2.Config, show func(authURL string), paste io.Reader, note func(string)) (*oauth2.Token, error) {
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
		code   string
		err    error
		pasted bool // read from paste, where the code may be cut off
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
		send(result{code, err, false})
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
	// lastPasted is why the last pasted line was not taken, for the
	// message when the wait ends without a sign-in.
	lastPasted := make(chan string, 1)
	// done: the sign-in is over; a line read after it is no one's business
	// (the reader goroutine lives on until its reader ends).
	done := make(chan struct{})
	defer close(done)
	if paste != nil {
		go func() {
			sc := bufio.NewScanner(paste)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" {
					continue
				}
				code, final, err := pastedCode(line, state)
				if final {
					send(result{code, err, true})
					return
				}
				if err == nil {
					// Read on: a code cut off is refused by the
					// provider, and the whole address may follow.
					send(result{code, nil, true})
					continue
				}
				why := fmt.Sprintf("the pasted line was not taken: %v. Paste the whole address the browser ended on (it starts with %s), or finish the sign-in in the browser; still waiting", err, c.RedirectURL)
				select {
				case <-done:
					return
				default:
				}
				if note != nil {
					note(why)
				}
				select {
				case <-lastPasted:
				default:
				}
				lastPasted <- err.Error()
			}
		}()
	}
	show(c.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent"), oauth2.S256ChallengeOption(verifier)))
	var t *oauth2.Token
	for cutOff := false; t == nil; {
		var r result
		select {
		case r = <-results:
			if r.err != nil {
				return nil, r.err
			}
		case <-wait.Done():
			return nil, waitEnded(wait.Err(), lastPasted)
		case <-ctx.Done():
			return nil, waitEnded(ctx.Err(), lastPasted)
		}
		var err error
		t, err = c.Exchange(ctx, r.code, oauth2.VerifierOption(verifier))
		var re *oauth2.RetrieveError
		if err != nil && r.pasted && !cutOff && errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			// This sign-in's address with a code the provider does
			// not know: cut off when selected by hand. The code in
			// the browser is unused and still good: once, wait for it.
			cutOff = true
			if note != nil {
				note(fmt.Sprintf("the pasted address's code was refused (invalid_grant): the address looks cut off. Paste all of it (it starts with %s), or finish the sign-in in the browser; still waiting", c.RedirectURL))
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("exchange the sign-in's code for tokens: %w", signInError(err))
		}
	}
	if t.RefreshToken == "" {
		return nil, errors.New("the provider returned no refresh token: remove keepwarm's access in the account's security settings and sign in again")
	}
	return t, nil
}

// waitEnded is the error of a wait for the sign-in that ended with err,
// with why the last pasted line was not taken, when one was.
func waitEnded(err error, lastPasted <-chan string) error {
	select {
	case why := <-lastPasted:
		return fmt.Errorf("waiting for the sign-in: %w (the last line pasted was not taken: %s)", err, why)
	default:
	}
	return fmt.Errorf("waiting for the sign-in: %w", err)
}

// pastedCode reads the code from a pasted line. final says an error ends
// the sign-in: the provider refused it (error= in this sign-in's return
// address); any other line is only not the one waited for.
func pastedCode(line, state string) (code string, final bool, err error) {
	u, err := url.Parse(line)
	if err != nil || u.Scheme == "" {
		return "", false, errors.New("it is not an address")
	}
	q := u.Query()
	code, err = codeFrom(q, state)
	return code, err != nil && q.Get("state") == state && q.Get("error") != "", err
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
