package mailsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"
	"github.com/wneessen/go-mail/smtp"

	"keepwarm"
)

// Authentication kinds of a mailbox.
const (
	AuthPassword = "password" // IMAP LOGIN / SMTP PLAIN and friends
	AuthOAuth2   = "oauth2"   // SASL XOAUTH2 or OAUTHBEARER with an access token
)

// SASL mechanisms for OAuth2 access tokens.
const (
	MechXOAuth2     = "XOAUTH2"
	MechOAuthBearer = "OAUTHBEARER"
)

// TokenSource hands out a currently valid OAuth2 access token. Token may
// block (running a command, refreshing over HTTP) and is called once per
// login. Implementations are safe for concurrent use.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// TokenInvalidator is a TokenSource that keeps access tokens between calls:
// Invalidate forgets token, which a mail server refused, so the next Token
// call gets a fresh one instead of the refused one again. A token already
// replaced is left alone.
type TokenInvalidator interface {
	Invalidate(token string)
}

// invalidate tells src, when it keeps tokens, that the server refused tok.
func invalidate(src TokenSource, tok string) {
	if inv, ok := src.(TokenInvalidator); ok && tok != "" {
		inv.Invalidate(tok)
	}
}

// TokenFunc adapts a function to a TokenSource.
type TokenFunc func(ctx context.Context) (string, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context) (string, error) { return f(ctx) }

// CommandToken returns a TokenSource that runs command with `sh -c` at every
// login and uses the first line of its standard output as the access token,
// the way mbsync's PassCmd and aerc's token commands work (e.g.
// `oama access lily@example.com`). The command's output never appears in an
// error; its standard error does, shortened, since that is where tools
// explain themselves.
//
// A failing command is not a refused login: the tool may not have reached
// its provider, or its keyring may still be locked, so its errors are plain
// ones the next login retries. Only the mail server refusing the token
// counts toward giving up.
//
// The command runs in dir (the config file's directory; "" is the working
// directory), as password_cmd does.
func CommandToken(command, dir string, timeout time.Duration) TokenSource {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return TokenFunc(func(parent context.Context) (string, error) {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", command)
		cmd.Dir = dir
		// Killing the shell leaves its children (a keyring helper): without
		// WaitDelay the read of their output would wait for them.
		cmd.WaitDelay = 2 * time.Second
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			if parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return "", fmt.Errorf("token_cmd did not finish within %s", timeout)
			}
			msg := strings.TrimSpace(stderr.String())
			if len(msg) > 200 {
				msg = msg[:200] + "…"
			}
			return "", fmt.Errorf("token_cmd failed: %w (stderr: %q)", err, msg)
		}
		tok, _, _ := strings.Cut(strings.TrimSpace(stdout.String()), "\n")
		tok = strings.TrimSpace(tok)
		if tok == "" {
			return "", errors.New("token_cmd printed no token")
		}
		return tok, nil
	})
}

// AuthError is a refused login: wrong password, wrong or expired token, a
// mechanism the server does not offer. Retrying the same credentials will
// not help, so sync counts these and stops after a few in a row. Its text
// never contains the secret.
type AuthError struct {
	Mailbox string
	Server  string // "IMAP" or "SMTP"
	Mech    string // LOGIN, XOAUTH2, OAUTHBEARER, ...
	Detail  string // the server's reason (for OAuth2, its JSON status), if any
	Err     error
}

func (e *AuthError) Error() string {
	s := fmt.Sprintf("%s login with %s refused", e.Server, e.Mech)
	if e.Mailbox != "" {
		s = fmt.Sprintf("%s login to %s with %s refused", e.Server, e.Mailbox, e.Mech)
	}
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *AuthError) Unwrap() error { return e.Err }

// IsAuthError reports whether err is a refused login.
func IsAuthError(err error) bool {
	var ae *AuthError
	return errors.As(err, &ae)
}

// ErrLoginCut is a connection that broke (reset, closed, timed out) once
// the server had greeted, while it had the LOGIN or AUTHENTICATE: it says
// nothing about the password. A dial, DNS or TLS failure, or a greeting
// never read, is no such cut: the host, the port or the scheme is wrong.
var ErrLoginCut = errors.New("the connection broke during the login")

// loginCutError marks err, a broken link during the login, as ErrLoginCut
// without changing its text.
type loginCutError struct{ err error }

func (e *loginCutError) Error() string        { return e.err.Error() }
func (e *loginCutError) Unwrap() error        { return e.err }
func (e *loginCutError) Is(target error) bool { return target == ErrLoginCut }

// markLoginCut wraps err as ErrLoginCut when it is the link failing rather
// than an answer from the server.
func markLoginCut(err error) error {
	if err == nil || !brokenLink(err) {
		return err
	}
	return &loginCutError{err}
}

// brokenLink says whether err is the connection failing (reset, closed,
// timed out) rather than an answer from the server.
func brokenLink(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// oauthResponse builds the SASL initial response for an access token.
// XOAUTH2 is Google's and Microsoft's format; OAUTHBEARER is RFC 7628's.
func oauthResponse(mech, user, token, host string, port int) []byte {
	if mech == MechXOAuth2 {
		return []byte("user=" + user + "\x01auth=Bearer " + token + "\x01\x01")
	}
	s := "n,a=" + saslName(user) + ","
	if host != "" {
		s += "\x01host=" + host
	}
	if port != 0 {
		s += "\x01port=" + strconv.Itoa(port)
	}
	return []byte(s + "\x01auth=Bearer " + token + "\x01\x01")
}

// saslName escapes ',' and '=' in a GS2 authzid (RFC 5801).
func saslName(s string) string {
	return strings.NewReplacer("=", "=3D", ",", "=2C").Replace(s)
}

// oauthClient is a sasl.Client for both OAuth2 mechanisms. A server that
// refuses the token sends a JSON error as a challenge and waits for a dummy
// reply before its final NO (RFC 7628 §3.2.3; Google and Microsoft do the
// same for XOAUTH2): the client keeps the JSON and sends the dummy, so the
// exchange ends with the server's own NO instead of a hung command.
type oauthClient struct {
	mech   string
	ir     []byte
	detail string
}

func (c *oauthClient) Start() (string, []byte, error) { return c.mech, c.ir, nil }

func (c *oauthClient) Next(challenge []byte) ([]byte, error) {
	c.detail = oauthDetail(challenge)
	if c.mech == MechOAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}

// oauthDetail keeps the status of a server's JSON error, never the whole
// blob (it can echo scopes and such, but never the token).
func oauthDetail(challenge []byte) string {
	s := string(challenge)
	if i := strings.Index(s, `"status"`); i >= 0 {
		rest := s[i+len(`"status"`):]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			rest = rest[j+1:]
			if k := strings.IndexByte(rest, '"'); k >= 0 {
				return "status " + rest[:k]
			}
		}
	}
	return ""
}

var _ sasl.Client = (*oauthClient)(nil)

// pickIMAPMech chooses the OAuth2 mechanism: the configured one, else
// XOAUTH2 when the server advertises it (Gmail, Microsoft 365 do), else
// OAUTHBEARER.
func pickIMAPMech(want string, caps imap.CapSet) string {
	if want != "" {
		return strings.ToUpper(want)
	}
	if caps.Has(imap.Cap("AUTH=" + MechXOAuth2)) {
		return MechXOAuth2
	}
	if caps.Has(imap.Cap("AUTH=" + MechOAuthBearer)) {
		return MechOAuthBearer
	}
	return MechXOAuth2
}

// smtpOAuth is go-mail's smtp.Auth for both OAuth2 mechanisms. The token is
// fetched before the dial (Start cannot block on a context).
type smtpOAuth struct {
	mech        string // "" = whichever the server offers, XOAUTH2 first
	user, token string
	host        string
	port        int
	detail      string
}

func (a *smtpOAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLoopback(server.Name) {
		return "", nil, errors.New("refusing to send an OAuth2 token over a connection without TLS")
	}
	mech := a.mech
	if mech == "" {
		mech = MechXOAuth2
		if !hasMech(server.Auth, MechXOAuth2) && hasMech(server.Auth, MechOAuthBearer) {
			mech = MechOAuthBearer
		}
		a.mech = mech
	}
	if !hasMech(server.Auth, mech) {
		return "", nil, fmt.Errorf("the SMTP server does not offer AUTH %s (it offers %s)", mech, strings.Join(server.Auth, " "))
	}
	return mech, oauthResponse(mech, a.user, a.token, a.host, a.port), nil
}

func (a *smtpOAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.detail = oauthDetail(fromServer)
	if a.mech == MechOAuthBearer {
		return []byte{0x01}, nil
	}
	return []byte{}, nil
}

func hasMech(list []string, mech string) bool {
	for _, m := range list {
		if strings.EqualFold(m, mech) {
			return true
		}
	}
	return false
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// token asks src for an access token and names the mailbox in the error.
func token(ctx context.Context, src TokenSource, mailbox string) (string, error) {
	if src == nil {
		return "", keepwarm.Errorf(keepwarm.EINVALID, "mailbox %s: auth = \"oauth2\" but no token source (set token_cmd or run `keepwarm auth %s`)", mailbox, mailbox)
	}
	tok, err := src.Token(ctx)
	if err != nil {
		return "", &tokenError{mailbox: mailbox, err: err}
	}
	return tok, nil
}

// tokenError is a failure to get an access token (the command failed, the
// token endpoint refused or could not be reached).
type tokenError struct {
	mailbox string
	err     error
}

func (e *tokenError) Error() string {
	return fmt.Sprintf("mailsync: %s: access token: %v", e.mailbox, e.err)
}

func (e *tokenError) Unwrap() error { return e.err }
