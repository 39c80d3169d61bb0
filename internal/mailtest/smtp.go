package mailtest

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP credentials every SMTPServer accepts (AUTH PLAIN, allowed without TLS
// because it only listens on loopback).
const (
	SMTPUser     = "sender@seller.example"
	SMTPPassword = "smtp-secret"
)

// SMTPMessage is one message an SMTPServer received: the envelope and the
// exact bytes of DATA (dot-unstuffed).
type SMTPMessage struct {
	From string
	To   []string
	Raw  []byte
	// Dropped is true when the server read the message and then cut the
	// connection instead of answering: the client cannot know it arrived.
	Dropped bool
}

// SMTPServer is an in-process go-smtp server on 127.0.0.1:0 that records what
// it receives and can be scripted to fail. It requires AUTH PLAIN with
// SMTPUser and SMTPPassword. Safe for concurrent use.
type SMTPServer struct {
	srv *smtp.Server
	ln  net.Listener

	mu         sync.Mutex
	msgs       []SMTPMessage
	datas      int // DATA commands seen
	mails      int // MAIL FROM commands seen
	failData   []int
	dropData   int
	rejectTo   map[string]*smtp.SMTPError
	mailErr    *smtp.SMTPError            // the answer to MAIL FROM (RejectMail); nil: 250
	rejectFrom map[string]*smtp.SMTPError // the answer to MAIL FROM one address (RejectMailFrom)
	onMessage  func(SMTPMessage) error
	oauth      *oauthLog
	stallData  int
	stalled    chan struct{}   // closed at the end of the test: stalled DATA handlers return
	holds      []*Hold         // the next DATA commands to hold, in order
	authErr    *smtp.SMTPError // the answer to a refused AUTH PLAIN (RefuseLoginsWith); nil: 535 5.7.8 Authentication failed
	authOff    *smtp.SMTPError // the answer to every AUTH (TurnOffAuth); nil: AUTH is on
}

// Hold is one DATA command HoldNextData keeps waiting: Held is closed once
// the server has read the whole message and waits; Release lets it answer
// as it otherwise would (250, or what OnMessage says), ReleaseWith with a
// refusal.
type Hold struct {
	Held    chan struct{}
	release chan struct{}
	once    sync.Once
	code    int // ReleaseWith's; 0: Release
}

// Release lets the held DATA command answer. Safe to call more than once.
func (h *Hold) Release() { h.once.Do(func() { close(h.release) }) }

// ReleaseWith lets the held DATA command answer code (e.g. 451 or 554)
// instead: a server that hangs after DATA, then refuses the mail, which is
// not kept. Only the first Release or ReleaseWith counts.
func (h *Hold) ReleaseWith(code int) {
	h.once.Do(func() {
		h.code = code
		close(h.release)
	})
}

// HoldNextData makes the next DATA command read the whole message and then
// wait, saying nothing, until the test releases it: a server that is slow
// to answer after DATA (a virus scan) but does accept the mail. A hold not
// released is released at the end of the test.
func (s *SMTPServer) HoldNextData() *Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := &Hold{Held: make(chan struct{}), release: make(chan struct{})}
	s.holds = append(s.holds, h)
	return h
}

// RequireOAuth makes the server offer and accept only AUTH XOAUTH2 and
// OAUTHBEARER with a token check accepts (for SMTPUser or anyone check
// allows), instead of PLAIN with the fixed password.
func (s *SMTPServer) RequireOAuth(check TokenCheck) *OAuthLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth = &oauthLog{check: check}
	return (*OAuthLog)(s.oauth)
}

// RefuseLoginsWith makes a refused AUTH PLAIN (a wrong password) answered
// with code, enhanced and text, as a provider words it: Gmail's "534 5.7.9
// Application-specific password required", its "535 5.7.8 Username and
// Password not accepted", which say neither "authentication" nor "login".
func (s *SMTPServer) RefuseLoginsWith(code int, enhanced smtp.EnhancedCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authErr = &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// TurnOffAuth makes every AUTH answered with code, enhanced and text,
// whatever the credentials: Microsoft 365's "535 5.7.139 Authentication
// unsuccessful, SmtpClientAuthentication is disabled for the Tenant" to a
// good token where the tenant turned SMTP AUTH off.
func (s *SMTPServer) TurnOffAuth(code int, enhanced smtp.EnhancedCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authOff = &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// StallNextData makes the next n DATA commands read the whole message,
// record it (Dropped: the client never hears of it) and then say nothing
// at all until the client gives up: a server that hangs mid-DATA.
func (s *SMTPServer) StallNextData(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stallData += n
}

// NewSMTPServer starts a server stopped at the end of the test.
func NewSMTPServer(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{rejectTo: map[string]*smtp.SMTPError{}, stalled: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &smtpSession{s: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: smtp listen: %v", err)
	}
	s.srv, s.ln = srv, ln
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	t.Cleanup(func() { close(s.stalled) }) // runs first: frees stalled handlers
	return s
}

// Addr is host:port of the listener.
func (s *SMTPServer) Addr() string { return s.ln.Addr().String() }

// URL is smtp://Addr with no TLS, the form mailsync's sender takes.
func (s *SMTPServer) URL() *url.URL {
	return &url.URL{Scheme: "smtp", Host: s.Addr(), RawQuery: "starttls=none"}
}

// FailNextData makes the next n DATA commands answer code (e.g. 451 or 554)
// after the message body is read.
func (s *SMTPServer) FailNextData(n, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failData = append(s.failData, code)
	}
}

// DropNextData makes the next n DATA commands read the whole message, record
// it as received (Dropped), and close the connection without an answer: the
// case where the client cannot know whether the mail went out.
func (s *SMTPServer) DropNextData(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropData += n
}

// RejectRcpt makes RCPT TO addr answer code (e.g. 550) until cleared with 0.
func (s *SMTPServer) RejectRcpt(addr string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.rejectTo, strings.ToLower(addr))
		return
	}
	s.rejectTo[strings.ToLower(addr)] = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: fmt.Sprintf("no such user %s", addr)}
}

// RejectRcptAnswer makes RCPT TO addr answer code with the enhanced code
// and text (e.g. 553, {5, 7, 1}, "Sender address rejected: not owned by
// user") until cleared with RejectRcpt(addr, 0).
func (s *SMTPServer) RejectRcptAnswer(addr string, code int, enhanced smtp.EnhancedCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectTo[strings.ToLower(addr)] = &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// RejectMail makes MAIL FROM answer code with the enhanced code and text
// (e.g. 550, {5, 4, 5}, "Daily user sending limit exceeded") until
// cleared with code 0: an account that may not send now.
func (s *SMTPServer) RejectMail(code int, enhanced smtp.EnhancedCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		s.mailErr = nil
		return
	}
	s.mailErr = &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// RejectMailFrom makes MAIL FROM addr alone answer code with the enhanced
// code and text (e.g. 553, {5, 7, 1}, "Sender address rejected: not owned
// by user") until cleared with code 0: an alias the login may not send as.
func (s *SMTPServer) RejectMailFrom(addr string, code int, enhanced smtp.EnhancedCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.rejectFrom, strings.ToLower(addr))
		return
	}
	if s.rejectFrom == nil {
		s.rejectFrom = map[string]*smtp.SMTPError{}
	}
	s.rejectFrom[strings.ToLower(addr)] = &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: text}
}

// MailCount is the number of MAIL FROM commands seen, refused ones included.
func (s *SMTPServer) MailCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mails
}

// OnMessage sets a function called with every accepted message before the
// server answers 250; an error from it answers 451. Use it to deliver into an
// IMAP mailbox (see AppendTo).
func (s *SMTPServer) OnMessage(f func(SMTPMessage) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onMessage = f
}

// Messages returns the messages received so far (including dropped ones).
func (s *SMTPServer) Messages() []SMTPMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SMTPMessage(nil), s.msgs...)
}

// DataCount is the number of DATA transactions attempted, failed ones included.
func (s *SMTPServer) DataCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.datas
}

// AppendTo returns an OnMessage function that APPENDs each received message
// to folder through c (a logged-in client, e.g. Server.Dial of the
// recipient), so a test can read a sent message back from the recipient's
// mailbox.
func AppendTo(c *imapclient.Client, folder string) func(SMTPMessage) error {
	var mu sync.Mutex
	return func(m SMTPMessage) error {
		mu.Lock()
		defer mu.Unlock()
		cmd := c.Append(folder, int64(len(m.Raw)), &imap.AppendOptions{})
		if _, err := cmd.Write(m.Raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		_, err := cmd.Wait()
		return err
	}
}

type smtpSession struct {
	s    *SMTPServer
	conn *smtp.Conn
	auth bool
	from string
	to   []string
}

func (ss *smtpSession) AuthMechanisms() []string {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.oauth != nil {
		return []string{"XOAUTH2", sasl.OAuthBearer}
	}
	return []string{sasl.Plain}
}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	ss.s.mu.Lock()
	oauth, off := ss.s.oauth, ss.s.authOff
	ss.s.mu.Unlock()
	if off != nil {
		return nil, off
	}
	if oauth != nil {
		return ss.oauthAuth(mech, oauth)
	}
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != SMTPUser || pass != SMTPPassword {
			ss.s.mu.Lock()
			refusal := ss.s.authErr
			ss.s.mu.Unlock()
			if refusal != nil {
				return refusal
			}
			return smtp.ErrAuthFailed
		}
		ss.auth = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.auth {
		return smtp.ErrAuthRequired
	}
	ss.s.mu.Lock()
	ss.s.mails++
	refuse := ss.s.mailErr
	if r := ss.s.rejectFrom[strings.ToLower(from)]; r != nil {
		refuse = r
	}
	ss.s.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	ss.from = from
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	refuse := ss.s.rejectTo[strings.ToLower(to)]
	ss.s.mu.Unlock()
	if refuse != nil {
		return refuse
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := SMTPMessage{From: ss.from, To: append([]string(nil), ss.to...), Raw: raw}
	s := ss.s
	s.mu.Lock()
	s.datas++
	if len(s.failData) > 0 {
		code := s.failData[0]
		s.failData = s.failData[1:]
		s.mu.Unlock()
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: "scripted failure"}
	}
	if s.stallData > 0 {
		s.stallData--
		m.Dropped = true
		s.msgs = append(s.msgs, m)
		s.mu.Unlock()
		<-s.stalled
		return errors.New("mailtest: stalled DATA")
	}
	if len(s.holds) > 0 {
		h := s.holds[0]
		s.holds = s.holds[1:]
		s.mu.Unlock()
		close(h.Held)
		select {
		case <-h.release:
		case <-s.stalled:
			return errors.New("mailtest: held DATA at the end of the test")
		}
		if h.code != 0 {
			return &smtp.SMTPError{Code: h.code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: "scripted failure after a hold"}
		}
		s.mu.Lock()
	}
	if s.dropData > 0 {
		s.dropData--
		m.Dropped = true
		s.msgs = append(s.msgs, m)
		s.mu.Unlock()
		// Cut the line before the 250: the message arrived, the client
		// will never hear so.
		_ = ss.conn.Conn().Close()
		return errors.New("mailtest: connection dropped after DATA")
	}
	on := s.onMessage
	s.mu.Unlock()
	if on != nil {
		if err := on(m); err != nil {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCodeNotSet, Message: "delivery failed: " + err.Error()}
		}
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
	return nil
}

func (ss *smtpSession) Reset() { ss.from, ss.to = "", nil }

func (ss *smtpSession) Logout() error { return nil }
