package mailtest

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
)

// ListFront sits in front of an IMAP server and adds extra to every LIST
// answer, just before its tagged completion: a folder the server lists
// with a name it encodes badly (a bare "&" in "R&D", raw GBK bytes), as
// some servers do. Everything else passes through untouched.
type ListFront struct {
	*front
	extra string
}

// NewListFront listens on 127.0.0.1:0 in front of target until the test
// ends; extra is one whole response line without its CRLF, e.g.
// `* LIST (\HasNoChildren) "/" "R&D"`.
func NewListFront(t testing.TB, target, extra string) *ListFront {
	t.Helper()
	f := &ListFront{extra: extra}
	f.front = listenFront(t, "list front", target, func(client, server net.Conn) {
		var mu sync.Mutex
		tags := map[string]bool{} // tags of LIST commands not yet answered
		go func() {
			defer server.Close()
			r := bufio.NewReader(client)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if fields := strings.Fields(line); len(fields) >= 2 && strings.EqualFold(fields[1], "LIST") {
					mu.Lock()
					tags[fields[0]] = true
					mu.Unlock()
				}
				if passLiterals(server, r, line) != nil {
					return
				}
			}
		}()
		go func() {
			defer client.Close()
			r := bufio.NewReader(server)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				tag, _, _ := strings.Cut(line, " ")
				mu.Lock()
				listDone := tags[tag]
				delete(tags, tag)
				mu.Unlock()
				if listDone {
					line = f.extra + "\r\n" + line
				}
				if passLiterals(client, r, line) != nil {
					return
				}
			}
		}()
	})
	return f
}
