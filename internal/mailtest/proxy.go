package mailtest

import (
	"io"
	"net"
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
}

// NewCutProxy listens on 127.0.0.1:0 and forwards to target, cutting the
// first connection after cutAfterBytes server→client bytes. It stops at the
// end of the test.
func NewCutProxy(t testing.TB, target string, cutAfterBytes int64) *CutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: proxy listen: %v", err)
	}
	p := &CutProxy{ln: ln, target: target, cut: cutAfterBytes}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// Addr is host:port of the proxy.
func (p *CutProxy) Addr() string { return p.ln.Addr().String() }

// Conns is how many connections the proxy accepted.
func (p *CutProxy) Conns() int { return int(p.conns.Load()) }

// Cuts is how many connections the proxy cut (0 or 1).
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
		if n == 1 {
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

// pipe copies src to dst; with limit >= 0 it stops after limit bytes and
// closes both sides, which the client sees as a dropped connection.
func (p *CutProxy) pipe(src, dst net.Conn, limit int64) {
	defer func() {
		src.Close()
		dst.Close()
	}()
	if limit < 0 {
		_, _ = io.Copy(dst, src)
		return
	}
	copied, _ := io.Copy(dst, io.LimitReader(src, limit))
	if copied == limit {
		p.cuts.Add(1)
	}
}

func (p *CutProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.open {
		c.Close()
	}
}
