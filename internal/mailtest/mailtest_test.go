package mailtest

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

func TestServers(t *testing.T) {
	ForEachServer(t, func(t *testing.T, srv Server) {
		srv.AddUser(t, "sales@example.com", "pw1")
		srv.AddUser(t, "lily@example.com", "pw2")
		date := time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC)
		uid1 := srv.Append(t, "sales@example.com", "INBOX", GenMessage(0, GenOptions{}), date)
		uid2 := srv.Append(t, "sales@example.com", "INBOX", GenMessage(2, GenOptions{}), date)
		if uid1 != 1 || uid2 != 2 {
			t.Fatalf("uids %d %d, want 1 2", uid1, uid2)
		}
		srv.Append(t, "lily@example.com", "Sent", GenMessage(1, GenOptions{}), date)
		c := srv.Dial(t, "lily@example.com")
		AppendMany(t, c, "INBOX", [][]byte{GenMessage(3, GenOptions{}), GenMessage(4, GenOptions{})},
			func(int) time.Time { return date })
		if got := Raw(t, srv, "lily@example.com", "INBOX"); len(got) != 2 || !bytes.Equal(got[1], GenMessage(4, GenOptions{})) {
			t.Fatalf("raw INBOX: %d messages", len(got))
		}
		flags := Flags(t, srv, "sales@example.com", "INBOX")
		if len(flags) != 2 {
			t.Fatalf("flags: %v", flags)
		}
		list, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: srv.CondStore()}).Collect()
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, l := range list {
			names[l.Mailbox] = true
		}
		if !names["INBOX"] || !names["Sent"] || !names["Drafts"] {
			t.Fatalf("mailboxes %v", names)
		}
		RecreateFolder(t, srv, "lily@example.com", "Sent")
		if got := Raw(t, srv, "lily@example.com", "Sent"); len(got) != 0 {
			t.Fatalf("recreated Sent has %d messages", len(got))
		}
	})
}

func TestCutProxy(t *testing.T) {
	srv := NewMemServer(t)
	srv.AddUser(t, "u", "p")
	for i := range 20 {
		srv.Append(t, "u", "INBOX", GenMessage(i, GenOptions{BodyPadding: 2000}), time.Now())
	}
	p := NewCutProxy(t, srv.Addr(), 4000)
	c, err := imapclient.DialInsecure(p.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("u", "p").Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	if _, err := c.Fetch(all, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect(); err == nil {
		t.Fatal("fetch through a cut proxy succeeded")
	}
	if p.Cuts() != 1 {
		t.Fatalf("cuts = %d", p.Cuts())
	}
	c2, err := imapclient.DialInsecure(p.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if err := c2.Login("u", "p").Wait(); err != nil {
		t.Fatalf("second connection: %v", err)
	}
}

// TestWaitPortWantsDovecotsGreeting: a port another server holds (an SMTP
// server of a test running beside, its "220" greeting) is not taken for a
// Dovecot that came up, so the start tries fresh ports instead of handing
// a test an SMTP server to log in to.
func TestWaitPortWantsDovecotsGreeting(t *testing.T) {
	greet := func(line string) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				fmt.Fprint(c, line)
				c.Close()
			}
		}()
		return ln.Addr().String()
	}
	running := make(chan struct{}) // never closed: the process is up
	if err := waitPort(greet("220 mx.example ESMTP ready\r\n"), running); err == nil || !strings.Contains(err.Error(), "220 mx.example") {
		t.Errorf("an SMTP server's port: %v, want an error naming its greeting", err)
	}
	if err := waitPort(greet("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n"), running); err != nil {
		t.Errorf("Dovecot's greeting: %v", err)
	}
}

func TestWallJumpKeepsTheMonotonicReading(t *testing.T) {
	start := time.Now()
	woke, ok := WallJump(start, 8*time.Hour)
	if !ok {
		t.Fatal("WallJump cannot build a time on this Go")
	}
	if d := woke.Sub(start); d != 0 {
		t.Errorf("monotonic difference %s; want 0", d)
	}
	if d := woke.Round(0).Sub(start.Round(0)); d != 8*time.Hour {
		t.Errorf("wall difference %s; want 8h", d)
	}
	if _, ok := WallJump(start.Round(0), time.Hour); ok {
		t.Error("a time without a monotonic reading was accepted")
	}
}
