package mailtest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// CommandFront passes IMAP through to a server unchanged and keeps the
// first line of every command a client sends: a test counts the commands
// (a FETCH of some fields) a sync asks for.
type CommandFront struct {
	*front
	mu   sync.Mutex
	seen []string
}

// NewCommandFront fronts target for the test's life.
func NewCommandFront(t testing.TB, target string) *CommandFront {
	f := &CommandFront{}
	f.front = listenFront(t, "command front", target, func(client, server net.Conn) {
		go passCommands(client, server, func(line string) {
			f.mu.Lock()
			f.seen = append(f.seen, strings.TrimRight(line, "\r\n"))
			f.mu.Unlock()
		})
		go func() {
			defer client.Close()
			_, _ = io.Copy(client, server)
		}()
	})
	return f
}

// Commands returns the first lines of the commands seen so far, those
// that contain every one of words (case-insensitive).
func (f *CommandFront) Commands(words ...string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
next:
	for _, l := range f.seen {
		for _, w := range words {
			if !strings.Contains(strings.ToUpper(l), strings.ToUpper(w)) {
				continue next
			}
		}
		out = append(out, l)
	}
	return out
}
