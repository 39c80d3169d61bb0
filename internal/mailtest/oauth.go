package mailtest

import (
	"bytes"
	"errors"
	"strings"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TokenCheck says whether token is a valid access token for user.
type TokenCheck func(user, token string) bool

// oauthLog records which OAuth2 mechanisms logged in successfully and how
// many attempts were refused.
type oauthLog struct {
	mu      sync.Mutex
	check   TokenCheck
	ok      []string
	refused int
}

func (l *oauthLog) get() TokenCheck {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.check
}

func (l *oauthLog) record(mech string, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ok {
		l.ok = append(l.ok, mech)
	} else {
		l.refused++
	}
}

// Logins returns the mechanisms of the successful OAuth2 logins, in order.
func (l *oauthLog) Logins() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ok...)
}

// Refused is how many OAuth2 logins were refused.
func (l *oauthLog) Refused() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refused
}

// xoauth2Server is the server side of Google's and Microsoft's XOAUTH2: an
// initial response "user=U\x01auth=Bearer T\x01\x01"; a refusal is a JSON
// challenge, a dummy reply from the client, then the failure.
type xoauth2Server struct {
	check  func(user, token string) bool
	failed bool
	done   bool
}

func (s *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if s.failed {
		return nil, true, errors.New("invalid credentials")
	}
	if s.done {
		return nil, true, sasl.ErrUnexpectedClientResponse
	}
	if resp == nil {
		return []byte{}, false, nil
	}
	s.done = true
	var user, token string
	for _, f := range bytes.Split(resp, []byte{0x01}) {
		k, v, _ := strings.Cut(string(f), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			if strings.HasPrefix(strings.ToLower(v), "bearer ") {
				token = v[len("bearer "):]
			}
		}
	}
	if user == "" || token == "" || !s.check(user, token) {
		s.failed = true
		return []byte(`{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}`), false, nil
	}
	return nil, true, nil
}

// oauthIMAPSession accepts only XOAUTH2 and OAUTHBEARER, with a token the
// check accepts; LOGIN is refused whatever the password.
type oauthIMAPSession struct {
	imapserver.SessionIMAP4rev2
	log   *oauthLog
	users *users
}

func (s *oauthIMAPSession) Login(string, string) error {
	return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed,
		Text: "LOGIN is disabled: use XOAUTH2 or OAUTHBEARER"}
}

func (s *oauthIMAPSession) AuthenticateMechanisms() []string {
	return []string{"XOAUTH2", sasl.OAuthBearer}
}

func (s *oauthIMAPSession) Authenticate(mech string) (sasl.Server, error) {
	check := s.log.get()
	login := func(mech, user, token string) bool {
		ok := check(user, token)
		if ok {
			s.users.mu.Lock()
			pass := s.users.pass[user]
			s.users.mu.Unlock()
			ok = s.SessionIMAP4rev2.Login(user, pass) == nil
		}
		s.log.record(mech, ok)
		return ok
	}
	fail := &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAuthenticationFailed, Text: "Invalid credentials"}
	switch mech {
	case "XOAUTH2":
		return &imapSASLErr{s: &xoauth2Server{check: func(u, t string) bool { return login(mech, u, t) }}, fail: fail}, nil
	case sasl.OAuthBearer:
		srv := sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !login(mech, o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		})
		return &imapSASLErr{s: srv, fail: fail}, nil
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
}

// imapSASLErr turns a SASL failure into a tagged NO, as real servers answer.
type imapSASLErr struct {
	s    sasl.Server
	fail error
}

func (x *imapSASLErr) Next(resp []byte) ([]byte, bool, error) {
	c, done, err := x.s.Next(resp)
	if err != nil {
		return nil, true, x.fail
	}
	return c, done, nil
}

// smtpSASL returns the SASL servers the SMTP server offers: PLAIN with the
// fixed password, or only the OAuth2 pair once RequireOAuth was called.
func (ss *smtpSession) oauthAuth(mech string, l *oauthLog) (sasl.Server, error) {
	check := l.get()
	login := func(mech, user, token string) bool {
		ok := check(user, token)
		l.record(mech, ok)
		if ok {
			ss.auth = true
		}
		return ok
	}
	switch mech {
	case "XOAUTH2":
		return smtpRefusal{&xoauth2Server{check: func(u, t string) bool { return login(mech, u, t) }}}, nil
	case sasl.OAuthBearer:
		return smtpRefusal{sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if !login(mech, o.Username, o.Token) {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		})}, nil
	}
	return nil, errors.New("mechanism not supported")
}

// smtpRefusal ends a refused token as Gmail and Microsoft 365 do, with
// 535 5.7.8 (go-smtp would answer 454, a temporary failure).
type smtpRefusal struct{ sasl.Server }

func (s smtpRefusal) Next(resp []byte) ([]byte, bool, error) {
	c, done, err := s.Server.Next(resp)
	if err != nil {
		err = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Username and Password not accepted"}
	}
	return c, done, err
}
