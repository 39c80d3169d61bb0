package mailtest

import (
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// CutProxy is a TCP proxy in front of a server that drops its first
// connection after a number of bytes from server to client; later
// connections pass through untouched. It imitates a link that dies
// mid-fetch.
type CutProxy struct {
	ln     net.Listener
	target string
	cut    int64
	conns  atomic.Int32
	cuts   atomic.Int32
	mu     sync.Mutex
	open   []net.Conn
	nth    int32         // the connection cut (1: the first; 0: every one)
	stall  bool          // stop forwarding instead of closing
	done   chan struct{} // closed when the test ends
}

// NewStallProxy is NewCutProxy whose first connection, instead of being
// closed, goes silent at that point: the server's answers stop reaching
// the client and the connection stays open, like a server or a link that
// hangs mid-FETCH. Only a client-side timeout gets out of it.
func NewStallProxy(t testing.TB, target string, afterBytes int64) *CutProxy {
	t.Helper()
	return newCutProxy(t, target, afterBytes, true)
}

// NewCutProxy listens on 127.0.0.1:0 and forwards to target, cutting the
// first connection at the first response line end after cutAfterBytes
// server→client bytes. It stops at the
// end of the test.
func NewCutProxy(t testing.TB, target string, cutAfterBytes int64) *CutProxy {
	t.Helper()
	return newCutProxy(t, target, cutAfterBytes, false)
}

// NewCutProxyAt is NewCutProxy cutting the nth connection (1: the first)
// instead of the first: a client's second connection dying mid-fetch.
func NewCutProxyAt(t testing.TB, target string, cutAfterBytes int64, nth int) *CutProxy {
	t.Helper()
	return newCutProxyNth(t, target, cutAfterBytes, false, nth)
}

// NewStallProxyEvery is NewStallProxy stalling every connection, not only
// the first: a link that drops each session's flow mid-command (a VPN or
// NAT that forgets idle flows), so every reconnect meets it again.
func NewStallProxyEvery(t testing.TB, target string, afterBytes int64) *CutProxy {
	t.Helper()
	return newCutProxyNth(t, target, afterBytes, true, 0)
}

func newCutProxy(t testing.TB, target string, cutAfterBytes int64, stall bool) *CutProxy {
	t.Helper()
	return newCutProxyNth(t, target, cutAfterBytes, stall, 1)
}

func newCutProxyNth(t testing.TB, target string, cutAfterBytes int64, stall bool, nth int) *CutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: proxy listen: %v", err)
	}
	p := &CutProxy{ln: ln, target: target, cut: cutAfterBytes, nth: int32(nth), stall: stall, done: make(chan struct{})}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// Addr is host:port of the proxy.
func (p *CutProxy) Addr() string { return p.ln.Addr().String() }

// Conns is how many connections the proxy accepted.
func (p *CutProxy) Conns() int { return int(p.conns.Load()) }

// Cuts is how many connections the proxy cut (0 or 1; any number when
// it stalls every one).
func (p *CutProxy) Cuts() int { return int(p.cuts.Load()) }

func (p *CutProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		n := p.conns.Add(1)
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.track(client, server)
		limit := int64(-1)
		if n == p.nth || p.nth == 0 {
			limit = p.cut
		}
		go p.pipe(server, client, limit) // server → client, maybe cut
		go p.pipe(client, server, -1)
	}
}

func (p *CutProxy) track(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.open = append(p.open, cs...)
}

// pipe copies src to dst; with limit >= 0 it stops at the first end of an
// IMAP response line after limit bytes and closes both sides, which the
// client sees as a dropped connection.
//
// The cut falls between response lines, never inside a literal: go-imap's
// client (v2.0.0-beta.8) has a data race when a connection dies in the
// middle of a literal, which would fail tests run with -race for a reason
// that is not keepwarm's.
func (p *CutProxy) pipe(src, dst net.Conn, limit int64) {
	defer func() {
		src.Close()
		dst.Close()
	}()
	if limit < 0 {
		_, _ = io.Copy(dst, src)
		return
	}
	var cut imapCutter
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			end := cut.feed(buf[:n], limit)
			if _, werr := dst.Write(buf[:end]); werr != nil {
				return
			}
			if end < n || cut.done {
				p.cuts.Add(1)
				if p.stall {
					<-p.done
				}
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// imapCutter follows the server's byte stream (lines and {n} literals) to
// find where a cut leaves whole response lines.
type imapCutter struct {
	total   int64
	literal int64  // bytes of literal still to pass
	line    []byte // the current line so far (its tail is enough)
	done    bool
}

// feed returns how many bytes of b to forward; fewer than len(b), or done
// set, means cut there.
func (c *imapCutter) feed(b []byte, limit int64) int {
	for i := 0; i < len(b); i++ {
		c.total++
		if c.literal > 0 {
			c.literal--
			continue
		}
		c.line = append(c.line, b[i])
		if len(c.line) > 64 {
			c.line = c.line[len(c.line)-64:]
		}
		if b[i] != '\n' {
			continue
		}
		if n, ok := literalLen(c.line); ok {
			c.literal = n
		} else if c.total >= limit {
			c.done = true
			return i + 1
		}
		c.line = c.line[:0]
	}
	return len(b)
}

// literalLen reads a line ending "{n}\r\n" or "{n+}\r\n".
func literalLen(line []byte) (int64, bool) {
	s := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
	if !strings.HasSuffix(s, "}") {
		return 0, false
	}
	open := strings.LastIndexByte(s, '{')
	if open < 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(s[open+1:len(s)-1], "+"), 10, 64)
	return n, err == nil
}

func (p *CutProxy) close() {
	close(p.done)
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.open {
		c.Close()
	}
}
