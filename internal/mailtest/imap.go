// Package mailtest starts real mail servers for tests in any package of
// keepwarm: go-imap's in-memory IMAP server (always available), a real
// Dovecot started from its own configuration in a temporary directory
// (skipped loudly when Dovecot is not installed), a TCP proxy that cuts a
// connection after a number of bytes, and a generator of realistic export
// sales messages.
//
// Both IMAP servers satisfy Server, so a test can run the same body against
// each with ForEachServer.
package mailtest

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// Server is an IMAP server started for one test. Every method fails the test
// on error.
type Server interface {
	// Name is "memserver" or "dovecot"; subtests are named after it.
	Name() string
	// Addr is host:port of the plain-text IMAP listener.
	Addr() string
	// URL is imap://Addr.
	URL() *url.URL
	// AddUser creates a user with INBOX, Sent (\Sent where the server has
	// SPECIAL-USE) and Drafts.
	AddUser(t testing.TB, user, pass string)
	// Append stores raw in folder with the given INTERNALDATE and returns its UID.
	Append(t testing.TB, user, folder string, raw []byte, internalDate time.Time) uint32
	// Dial returns a logged-in client for user, closed at the end of the test.
	Dial(t testing.TB, user string) *imapclient.Client
	// CondStore says whether the server offers CONDSTORE.
	CondStore() bool
}

// ForEachServer runs f as a subtest against the in-memory server and against
// Dovecot (the Dovecot subtest is skipped, loudly, when it is not installed).
func ForEachServer(t *testing.T, f func(t *testing.T, srv Server)) {
	t.Helper()
	t.Run("memserver", func(t *testing.T) { f(t, NewMemServer(t)) })
	t.Run("dovecot", func(t *testing.T) { f(t, StartDovecot(t)) })
}

// users remembers passwords so Append and Dial can log in.
type users struct {
	mu   sync.Mutex
	pass map[string]string
}

func (u *users) set(user, pass string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.pass == nil {
		u.pass = make(map[string]string)
	}
	u.pass[user] = pass
}

func (u *users) get(t testing.TB, user string) string {
	t.Helper()
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.pass[user]
	if !ok {
		t.Fatalf("mailtest: unknown user %q: call AddUser first", user)
	}
	return p
}

// IMAPServer is go-imap's imapserver backed by imapmemserver, listening on
// 127.0.0.1:0. It has IDLE but no CONDSTORE and no SPECIAL-USE attributes.
type IMAPServer struct {
	srv   *imapserver.Server
	ln    net.Listener
	users users
	mu    sync.Mutex
	oauth *oauthLog
	mem   map[string]*imapmemserver.User
	back  *imapmemserver.Server
	// refuse is the FETCH the server refuses (RefuseFetch).
	refuse refusal
	// omit is the message the server leaves out of its FETCH answers
	// (OmitFetch).
	omit omission
	// refuseList is the text the server refuses LIST with (RefuseList).
	refuseList string
	// refuseAppend is the APPEND the server refuses (RefuseAppend).
	refuseAppend appendRefusal
}

// RequireOAuth makes connections opened from now on accept only AUTHENTICATE
// XOAUTH2 and OAUTHBEARER with a token check accepts; LOGIN is refused.
// Append and Dial log in with LOGIN: put the mail in first. The returned
// log tells which mechanisms logged in and how many attempts were refused.
func (s *IMAPServer) RequireOAuth(check TokenCheck) *OAuthLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth = &oauthLog{check: check}
	return (*OAuthLog)(s.oauth)
}

// OAuthLog is what a server requiring OAuth2 saw.
type OAuthLog oauthLog

// Logins returns the mechanisms of the successful OAuth2 logins, in order.
func (l *OAuthLog) Logins() []string { return (*oauthLog)(l).Logins() }

// Refused is how many OAuth2 logins were refused.
func (l *OAuthLog) Refused() int { return (*oauthLog)(l).Refused() }

// NewMemServer starts an in-memory IMAP server stopped at the end of the test.
func NewMemServer(t testing.TB) *IMAPServer {
	t.Helper()
	return newMemServer(t, imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}})
}

// NewMemServerRev1 is NewMemServer speaking IMAP4rev1 only, without
// UIDPLUS: a server that cannot expunge one message by its UID.
func NewMemServerRev1(t testing.TB) *IMAPServer {
	t.Helper()
	return newMemServer(t, imap.CapSet{imap.CapIMAP4rev1: {}})
}

func newMemServer(t testing.TB, caps imap.CapSet) *IMAPServer {
	t.Helper()
	mem := imapmemserver.New()
	s := &IMAPServer{mem: map[string]*imapmemserver.User{}, back: mem}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			sess := &refuseFetch{SessionIMAP4rev2: idleFlush{mem.NewSession().(imapserver.SessionIMAP4rev2)}, srv: s}
			s.mu.Lock()
			oauth := s.oauth
			s.mu.Unlock()
			if oauth != nil {
				return &oauthIMAPSession{SessionIMAP4rev2: sess, log: oauth, users: &s.users}, nil, nil
			}
			return sess, nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       testLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s.srv, s.ln = srv, ln
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// idleFlush fixes a gap in imapmemserver: its IDLE only reports changes made
// after IDLE began, so mail appended between a command and IDLE went
// unannounced until the next change. Real servers (Dovecot) send pending
// updates when IDLE starts; so does this wrapper.
type idleFlush struct {
	imapserver.SessionIMAP4rev2
}

func (s idleFlush) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if err := s.SessionIMAP4rev2.Poll(w, true); err != nil {
		return err
	}
	return s.SessionIMAP4rev2.Idle(w, stop)
}

// testLogger drops the server's log lines: connections the client closes or
// the cut proxy breaks are expected, and t.Logf after the test ends panics.
type testLogger struct{}

func (testLogger) Printf(string, ...any) {}

func (s *IMAPServer) Name() string    { return "memserver" }
func (s *IMAPServer) Addr() string    { return s.ln.Addr().String() }
func (s *IMAPServer) URL() *url.URL   { return &url.URL{Scheme: "imap", Host: s.Addr()} }
func (s *IMAPServer) CondStore() bool { return false }

// AddUser creates user with INBOX, Sent and Drafts.
func (s *IMAPServer) AddUser(t testing.TB, user, pass string) {
	t.Helper()
	u := imapmemserver.NewUser(user, pass)
	for _, name := range []string{"INBOX", "Sent", "Drafts"} {
		if err := u.Create(name, nil); err != nil {
			t.Fatalf("mailtest: create %s: %v", name, err)
		}
	}
	s.back.AddUser(u)
	s.users.set(user, pass)
	s.mu.Lock()
	s.mem[user] = u
	s.mu.Unlock()
}

// AppendDirect stores raw in folder without an IMAP connection, for when
// the server refuses the helper's LOGIN (after RequireOAuth).
func (s *IMAPServer) AppendDirect(t testing.TB, user, folder string, raw []byte, internalDate time.Time) uint32 {
	t.Helper()
	s.mu.Lock()
	u := s.mem[user]
	s.mu.Unlock()
	if u == nil {
		t.Fatalf("mailtest: unknown user %q: call AddUser first", user)
	}
	data, err := u.Append(folder, bytes.NewReader(raw), &imap.AppendOptions{Time: internalDate})
	if err != nil {
		t.Fatalf("mailtest: append to %s: %v", folder, err)
	}
	return uint32(data.UID)
}

// Append stores raw in folder through a real IMAP APPEND.
func (s *IMAPServer) Append(t testing.TB, user, folder string, raw []byte, internalDate time.Time) uint32 {
	t.Helper()
	return appendOne(t, s.Dial(t, user), folder, raw, internalDate)
}

// Dial returns a logged-in client for user.
func (s *IMAPServer) Dial(t testing.TB, user string) *imapclient.Client {
	t.Helper()
	return dial(t, s.Addr(), user, s.users.get(t, user))
}

func dial(t testing.TB, addr, user, pass string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatalf("mailtest: dial %s: %v", addr, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("mailtest: login %s: %v", user, err)
	}
	return c
}

func appendOne(t testing.TB, c *imapclient.Client, folder string, raw []byte, internalDate time.Time) uint32 {
	t.Helper()
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Time: internalDate})
	if _, err := cmd.Write(raw); err != nil {
		t.Fatalf("mailtest: append to %s: %v", folder, err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatalf("mailtest: append to %s: %v", folder, err)
	}
	data, err := cmd.Wait()
	if err != nil {
		t.Fatalf("mailtest: append to %s: %v", folder, err)
	}
	return uint32(data.UID)
}

// AppendMany appends messages to folder pipelined in groups, far faster than
// one Append each; it returns nothing and fails the test on error. date(i)
// gives the INTERNALDATE of message i.
func AppendMany(t testing.TB, c *imapclient.Client, folder string, msgs [][]byte, date func(i int) time.Time) {
	t.Helper()
	const group = 200
	for start := 0; start < len(msgs); start += group {
		end := min(start+group, len(msgs))
		cmds := make([]*imapclient.AppendCommand, 0, end-start)
		for i := start; i < end; i++ {
			cmd := c.Append(folder, int64(len(msgs[i])), &imap.AppendOptions{Time: date(i)})
			if _, err := cmd.Write(msgs[i]); err != nil {
				t.Fatalf("mailtest: append %d: %v", i, err)
			}
			if err := cmd.Close(); err != nil {
				t.Fatalf("mailtest: append %d: %v", i, err)
			}
			cmds = append(cmds, cmd)
		}
		for i, cmd := range cmds {
			if _, err := cmd.Wait(); err != nil {
				t.Fatalf("mailtest: append %d: %v", start+i, err)
			}
		}
	}
}

// RecreateFolder deletes folder and creates it again, which gives it a new
// UIDVALIDITY; its messages are gone.
func RecreateFolder(t testing.TB, srv Server, user, folder string) {
	t.Helper()
	c := srv.Dial(t, user)
	if err := c.Delete(folder).Wait(); err != nil {
		t.Fatalf("mailtest: delete %s: %v", folder, err)
	}
	if err := c.Create(folder, nil).Wait(); err != nil {
		t.Fatalf("mailtest: create %s: %v", folder, err)
	}
}

// Flags returns the flags of every message of folder by UID, read with a
// read-only EXAMINE so looking does not change them.
func Flags(t testing.TB, srv Server, user, folder string) map[uint32][]imap.Flag {
	t.Helper()
	c := srv.Dial(t, user)
	data, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("mailtest: examine %s: %v", folder, err)
	}
	if data.NumMessages == 0 {
		return map[uint32][]imap.Flag{}
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	msgs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatalf("mailtest: fetch flags of %s: %v", folder, err)
	}
	out := make(map[uint32][]imap.Flag, len(msgs))
	for _, m := range msgs {
		out[uint32(m.UID)] = m.Flags
	}
	return out
}

// Raw returns the full raw bytes of each message of folder, in UID order;
// handy to re-add the same messages after RecreateFolder.
func Raw(t testing.TB, srv Server, user, folder string) [][]byte {
	t.Helper()
	c := srv.Dial(t, user)
	data, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("mailtest: examine %s: %v", folder, err)
	}
	if data.NumMessages == 0 {
		return nil
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(all, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatalf("mailtest: fetch %s: %v", folder, err)
	}
	out := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, bytes.Clone(m.FindBodySection(section)))
	}
	return out
}

// SenderDialer returns what mailsync.NewSender takes to file copies: a
// function that logs in to addr as user for any mailbox name.
func SenderDialer(addr, user, pass string) func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
	return func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		c, err := imapclient.DialInsecure(addr, nil)
		if err != nil {
			return nil, err
		}
		if err := c.Login(user, pass).Wait(); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	}
}
