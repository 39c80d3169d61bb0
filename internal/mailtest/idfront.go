package mailtest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// IDFront sits in front of an IMAP server and behaves like NetEase's
// servers: it advertises ID (RFC 2971), answers the ID command itself, and
// refuses SELECT and EXAMINE with "NO ... Unsafe Login" on a connection that
// has not sent ID. Everything else passes through untouched.
type IDFront struct {
	*front
	ids      atomic.Int32
	refusals atomic.Int32
	idles    atomic.Int32
	hideID   atomic.Bool
	blockAll atomic.Bool
}

// NewIDFront listens on 127.0.0.1:0 in front of target until the test ends.
func NewIDFront(t testing.TB, target string) *IDFront {
	t.Helper()
	f := &IDFront{}
	f.front = listenFront(t, "id front", target, func(client, server net.Conn) {
		var wmu sync.Mutex // one writer at a time toward the client, whole lines
		go f.fromServer(server, client, &wmu)
		go f.fromClient(client, server, &wmu)
	})
	return f
}

// IDs is how many ID commands the front answered.
func (f *IDFront) IDs() int { return int(f.ids.Load()) }

// Idles is how many IDLE commands passed through.
func (f *IDFront) Idles() int { return int(f.idles.Load()) }

// HideID stops the front advertising ID in its capabilities; it still
// answers ID and still refuses SELECT without it, as a server behind a
// front end that rewrites CAPABILITY would.
func (f *IDFront) HideID() { f.hideID.Store(true) }

// BlockClients makes the front refuse every SELECT with "Unsafe Login",
// ID sent or not, as NetEase does for an account whose security policy
// keeps new clients out.
func (f *IDFront) BlockClients() { f.blockAll.Store(true) }

// Refusals is how many SELECT/EXAMINE commands it refused for want of ID.
func (f *IDFront) Refusals() int { return int(f.refusals.Load()) }

// fromServer copies responses line by line (literals whole) and adds ID to
// the capability lists.
func (f *IDFront) fromServer(server, client net.Conn, wmu *sync.Mutex) {
	defer client.Close()
	r := bufio.NewReader(server)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if !f.hideID.Load() {
			line = strings.Replace(line, "CAPABILITY ", "CAPABILITY ID ", 1)
		}
		wmu.Lock()
		err = passLiterals(client, r, line)
		wmu.Unlock()
		if err != nil {
			return
		}
	}
}

// fromClient passes commands on, except ID (answered here) and a SELECT or
// EXAMINE before ID (refused here).
func (f *IDFront) fromClient(client, server net.Conn, wmu *sync.Mutex) {
	defer server.Close()
	r := bufio.NewReader(client)
	sentID := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(line)
		cmd := ""
		if len(fields) >= 2 {
			cmd = strings.ToUpper(fields[1])
		}
		reply := ""
		switch {
		case cmd == "ID":
			sentID = true
			f.ids.Add(1)
			reply = "* ID (\"name\" \"front\")\r\n" + fields[0] + " OK ID completed\r\n"
		case (cmd == "SELECT" || cmd == "EXAMINE") && (!sentID || f.blockAll.Load()):
			f.refusals.Add(1)
			reply = fields[0] + " NO " + cmd + " Unsafe Login. Please contact kefu@188.com for help\r\n"
		}
		if cmd == "IDLE" {
			f.idles.Add(1)
		}
		if reply != "" {
			wmu.Lock()
			_, err := io.WriteString(client, reply)
			wmu.Unlock()
			if err != nil {
				return
			}
			continue
		}
		if passLiterals(server, r, line) != nil { // a command's literals (APPEND) pass through whole
			return
		}
	}
}
