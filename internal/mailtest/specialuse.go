package mailtest

import (
	"bufio"
	"net"
	"strings"
	"sync/atomic"
	"testing"
)

// SpecialUseFront sits in front of an IMAP server and marks one folder
// with a SPECIAL-USE attribute (\Sent unless told) only in the answer to a
// LIST that asks RETURN (SPECIAL-USE): RFC 6154 leaves the attributes on a
// plain LIST to the server, and some servers send them only when asked.
// Everything else passes through.
type SpecialUseFront struct {
	*front
	folder string // the folder marked
	attr   string // with this attribute
}

// NewSpecialUseFront listens on 127.0.0.1:0 in front of target until the
// test ends, marking folder sent \Sent when asked.
func NewSpecialUseFront(t testing.TB, target, sent string) *SpecialUseFront {
	t.Helper()
	return NewSpecialUseFrontAttr(t, target, sent, `\Sent`)
}

// NewSpecialUseFrontAttr is NewSpecialUseFront marking folder with attr
// (`\All`, `\Drafts`...).
func NewSpecialUseFrontAttr(t testing.TB, target, folder, attr string) *SpecialUseFront {
	t.Helper()
	f := &SpecialUseFront{folder: folder, attr: attr}
	f.front = listenFront(t, "special-use front", target, func(client, server net.Conn) {
		var asked atomic.Bool // the latest LIST asked for SPECIAL-USE
		go f.fromServer(server, client, &asked)
		go passCommands(client, server, func(line string) {
			if fields := strings.Fields(line); len(fields) >= 2 && strings.EqualFold(fields[1], "LIST") {
				asked.Store(strings.Contains(strings.ToUpper(line), "SPECIAL-USE"))
			}
		})
	})
	return f
}

// fromServer copies responses (literals whole), adding the attribute to
// the folder's LIST line when the LIST asked for it.
func (f *SpecialUseFront) fromServer(server, client net.Conn, asked *atomic.Bool) {
	defer client.Close()
	r := bufio.NewReader(server)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if asked.Load() && strings.HasPrefix(line, "* LIST (") && strings.HasSuffix(strings.TrimRight(line, "\r\n"), `"`+f.folder+`"`) {
			line = strings.Replace(line, "* LIST (", "* LIST ("+f.attr+" ", 1)
			line = strings.Replace(line, "("+f.attr+" )", "("+f.attr+")", 1)
		}
		if passLiterals(client, r, line) != nil {
			return
		}
	}
}

// passCommands copies commands from client to server, literals whole,
// showing each command's first line to see.
func passCommands(client, server net.Conn, see func(line string)) {
	defer server.Close()
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		see(line)
		if passLiterals(server, r, line) != nil {
			return
		}
	}
}
