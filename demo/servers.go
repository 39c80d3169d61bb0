package demo

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"keepwarm"
)

// demoMail is the demo's outside world: go-imap's in-memory IMAP server
// holding every mailbox of the play (the team's and the customers'), and a
// go-smtp server, the team's outgoing mail server, that delivers what
// keepwarm sends into the recipients' INBOX. Both listen on 127.0.0.1:0.
// It mirrors internal/mailtest, which the binary must not import (it
// imports testing). Safe for concurrent use.
type demoMail struct {
	clock  keepwarm.Clock
	mem    *imapmemserver.Server
	imap   *imapserver.Server
	imapLn net.Listener
	smtp   *smtp.Server
	smtpLn net.Listener

	mu        sync.Mutex
	users     map[string]*imapmemserver.User // IMAP mailboxes by address
	passwords map[string]string              // IMAP and SMTP logins
	closed    map[string]string              // addresses whose mailbox is gone → why
	received  []demoSMTPMessage              // what the SMTP server accepted, in order
	// watched are the mailboxes keepwarm syncs; changed says one of them got
	// mail since takeChanged was last called.
	watched map[string]bool
	changed bool
}

// demoSMTPMessage is one message keepwarm handed to the SMTP server.
type demoSMTPMessage struct {
	From    string
	To      []string
	Raw     []byte
	At      time.Time
	Bounced []string // recipients whose mailbox was closed: a DSN went back
}

// startDemoMail starts both servers; Close stops them.
func startDemoMail(clock keepwarm.Clock) (*demoMail, error) {
	d := &demoMail{clock: clock, mem: imapmemserver.New(), users: map[string]*imapmemserver.User{},
		passwords: map[string]string{}, closed: map[string]string{}, watched: map[string]bool{}}
	quiet := log.New(io.Discard, "", 0)
	d.imap = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return d.mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // loopback only
		Logger:       quiet,
	})
	var err error
	if d.imapLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("demo: imap listen: %w", err)
	}
	go func() { _ = d.imap.Serve(d.imapLn) }()
	d.smtp = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &demoSMTPSession{d: d}, nil
	}))
	d.smtp.Domain = "localhost"
	d.smtp.AllowInsecureAuth = true // loopback only
	d.smtp.ErrorLog = quiet
	if d.smtpLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		_ = d.imap.Close()
		return nil, fmt.Errorf("demo: smtp listen: %w", err)
	}
	go func() { _ = d.smtp.Serve(d.smtpLn) }()
	return d, nil
}

// Close stops both servers.
func (d *demoMail) Close() {
	_ = d.smtp.Close()
	_ = d.imap.Close()
}

func (d *demoMail) imapURL() string { return "imap://" + d.imapLn.Addr().String() }
func (d *demoMail) smtpURL() string { return "smtp://" + d.smtpLn.Addr().String() + "?starttls=none" }

// addMailbox creates an IMAP user with INBOX, Sent and Drafts.
func (d *demoMail) addMailbox(addr, pass string) error {
	addr = strings.ToLower(addr)
	u := imapmemserver.NewUser(addr, pass)
	for _, name := range []string{"INBOX", "Sent", "Drafts"} {
		if err := u.Create(name, nil); err != nil {
			return fmt.Errorf("demo: create %s of %s: %w", name, addr, err)
		}
	}
	d.mem.AddUser(u)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users[addr] = u
	d.passwords[addr] = pass
	return nil
}

// hasMailbox reports whether addr has a demo mailbox.
func (d *demoMail) hasMailbox(addr string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.users[strings.ToLower(addr)]
	return ok
}

// addLogin lets addr log in to the SMTP server without having a mailbox
// (keepwarm's notification sender).
func (d *demoMail) addLogin(addr, pass string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.passwords[strings.ToLower(addr)] = pass
}

// closeMailbox makes every later message to addr bounce.
func (d *demoMail) closeMailbox(addr, why string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed[strings.ToLower(addr)] = why
}

// store APPENDs raw to folder of addr's mailbox, arrived now.
func (d *demoMail) store(addr, folder string, raw []byte) error {
	d.mu.Lock()
	u, ok := d.users[strings.ToLower(addr)]
	d.mu.Unlock()
	if !ok {
		return fmt.Errorf("demo: no mailbox %s", addr)
	}
	if _, err := u.Append(folder, bytes.NewReader(raw), &imap.AppendOptions{Time: d.clock.Now()}); err != nil {
		return fmt.Errorf("demo: append to %s of %s: %w", folder, addr, err)
	}
	d.mu.Lock()
	d.changed = d.changed || d.watched[strings.ToLower(addr)]
	d.mu.Unlock()
	return nil
}

// watch marks addr's mailbox as one keepwarm syncs.
func (d *demoMail) watch(addr string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watched[strings.ToLower(addr)] = true
}

// takeChanged reports whether a watched mailbox got mail since the last call.
func (d *demoMail) takeChanged() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.changed
	d.changed = false
	return c
}

// deliver is the mail system between the demo's people: raw goes to each
// recipient's INBOX when they have a demo mailbox; a closed mailbox sends a
// delivery status notification back to from. It returns the bounced
// recipients. Addresses outside the demo are accepted and vanish.
func (d *demoMail) deliver(from string, to []string, raw []byte) ([]string, error) {
	var bounced []string
	for _, rcpt := range to {
		rcpt = strings.ToLower(rcpt)
		d.mu.Lock()
		why, closed := d.closed[rcpt]
		_, local := d.users[rcpt]
		_, senderLocal := d.users[strings.ToLower(from)]
		d.mu.Unlock()
		switch {
		case closed:
			bounced = append(bounced, rcpt)
			if senderLocal {
				if err := d.store(from, "INBOX", dsn(from, rcpt, why, raw, d.clock.Now())); err != nil {
					return bounced, err
				}
			}
		case local:
			if err := d.store(rcpt, "INBOX", raw); err != nil {
				return bounced, err
			}
		}
	}
	return bounced, nil
}

// received returns what the SMTP server accepted from index from on.
func (d *demoMail) receivedSince(from int) []demoSMTPMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	if from >= len(d.received) {
		return nil
	}
	return append([]demoSMTPMessage(nil), d.received[from:]...)
}

// fetch reads every message of folder in addr's mailbox over IMAP, in UID
// order, with BODY.PEEK so nothing is marked seen.
func (d *demoMail) fetch(addr, folder string) ([][]byte, error) {
	d.mu.Lock()
	pass := d.passwords[strings.ToLower(addr)]
	d.mu.Unlock()
	c, err := imapclient.DialInsecure(d.imapLn.Addr().String(), nil)
	if err != nil {
		return nil, fmt.Errorf("demo: dial imap: %w", err)
	}
	defer c.Close()
	if err := c.Login(addr, pass).Wait(); err != nil {
		return nil, fmt.Errorf("demo: login %s: %w", addr, err)
	}
	data, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("demo: examine %s of %s: %w", folder, addr, err)
	}
	if data.NumMessages == 0 {
		return nil, nil
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(all, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return nil, fmt.Errorf("demo: fetch %s of %s: %w", folder, addr, err)
	}
	out := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, bytes.Clone(m.FindBodySection(section)))
	}
	return out, nil
}

// dsn is an RFC 3464 delivery status notification from the demo's mail
// server to from: rcpt failed for why; the original's header comes back.
func dsn(from, rcpt, why string, original []byte, at time.Time) []byte {
	head, _, _ := bytes.Cut(original, []byte("\r\n\r\n"))
	id := fmt.Sprintf("<dsn-%d.%s@mx.demo.invalid>", at.UnixNano(), strings.ReplaceAll(rcpt, "@", "."))
	var b bytes.Buffer
	const boundary = "dsn-boundary-42"
	fmt.Fprintf(&b, "From: Mail Delivery System <MAILER-DAEMON@mx.demo.invalid>\r\nTo: %s\r\n", from)
	fmt.Fprintf(&b, "Subject: Undelivered Mail Returned to Sender\r\nDate: %s\r\nMessage-ID: %s\r\n", at.Format(time.RFC1123Z), id)
	fmt.Fprintf(&b, "Return-Path: <>\r\nMIME-Version: 1.0\r\n")
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status; boundary=%q\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", boundary)
	fmt.Fprintf(&b, "Your message could not be delivered to <%s>: %s.\r\n\r\n", rcpt, why)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: message/delivery-status\r\n\r\n", boundary)
	fmt.Fprintf(&b, "Reporting-MTA: dns; mx.demo.invalid\r\n\r\n")
	fmt.Fprintf(&b, "Final-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\n", rcpt)
	fmt.Fprintf(&b, "Diagnostic-Code: smtp; 550 5.1.1 <%s>: %s\r\n\r\n", rcpt, why)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n%s\r\n\r\n--%s--\r\n", boundary, head, boundary)
	return b.Bytes()
}

// demoSMTPSession is one SMTP connection: AUTH PLAIN with a demo login,
// then each message is recorded and delivered.
type demoSMTPSession struct {
	d    *demoMail
	auth bool
	from string
	to   []string
}

func (s *demoSMTPSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *demoSMTPSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		s.d.mu.Lock()
		want, ok := s.d.passwords[strings.ToLower(user)]
		s.d.mu.Unlock()
		if !ok || want != pass {
			return smtp.ErrAuthFailed
		}
		s.auth = true
		return nil
	}), nil
}

func (s *demoSMTPSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *demoSMTPSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *demoSMTPSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg := demoSMTPMessage{From: s.from, To: append([]string(nil), s.to...), Raw: raw, At: s.d.clock.Now()}
	msg.Bounced, err = s.d.deliver(s.from, s.to, raw)
	if err != nil {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCodeNotSet, Message: "delivery failed: " + err.Error()}
	}
	s.d.mu.Lock()
	s.d.received = append(s.d.received, msg)
	s.d.mu.Unlock()
	return nil
}

func (s *demoSMTPSession) Reset() { s.from, s.to = "", nil }

func (s *demoSMTPSession) Logout() error { return nil }
