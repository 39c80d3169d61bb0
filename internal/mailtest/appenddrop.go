package mailtest

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
)

// AppendDropFront passes IMAP through to a server and, for the next n
// APPEND commands, lets the server store the message, then cuts the line
// where the server's tagged OK would have gone: the client cannot know the
// message was stored (a server restart, a NAT timeout after the upload).
type AppendDropFront struct {
	*front
	mu    sync.Mutex
	drops int
}

// NewAppendDropFront fronts target for the test's life, dropping nothing
// until DropNextAppends.
func NewAppendDropFront(t testing.TB, target string) *AppendDropFront {
	f := &AppendDropFront{}
	f.front = listenFront(t, "append drop front", target, func(client, server net.Conn) {
		tags := map[string]bool{} // this connection's APPEND tags whose OK is cut
		go passCommands(client, server, func(line string) {
			tag, rest, _ := strings.Cut(line, " ")
			if cmd, _, _ := strings.Cut(rest, " "); !strings.EqualFold(cmd, "APPEND") {
				return
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.drops > 0 {
				f.drops--
				tags[tag] = true
			}
		})
		go func() {
			defer client.Close()
			defer server.Close()
			r := bufio.NewReader(server)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				tag, rest, _ := strings.Cut(line, " ")
				f.mu.Lock()
				cut := tags[tag] && strings.HasPrefix(strings.ToUpper(rest), "OK")
				f.mu.Unlock()
				if cut {
					return // stored, and never told
				}
				if err := passLiterals(client, r, line); err != nil {
					return
				}
			}
		}()
	})
	return f
}

// DropNextAppends cuts the line after each of the next n APPENDs is stored.
func (f *AppendDropFront) DropNextAppends(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drops += n
}
