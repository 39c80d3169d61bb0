package mailtest

import (
	"encoding/binary"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// SOCKS5 is a minimal SOCKS5 proxy (RFC 1928: no authentication, CONNECT
// only) on 127.0.0.1:0. Route maps the address a client asks for to the
// address actually dialled, so a test can give a mailbox an address that
// only the proxy knows (e.g. "localhost:1", where nothing listens): a
// connection that bypassed the proxy would fail. An address neither routed
// nor on this machine is refused (RefuseOutside records it): the proxy
// never passes a test's connection out to the internet. Safe for
// concurrent use.
type SOCKS5 struct {
	ln    net.Listener
	route map[string]string
	mu    sync.Mutex
	asked []string
	open  []net.Conn
	// user and pass, when set, are the only credentials accepted (RFC
	// 1929); refused counts the logins refused.
	user, pass string
	refused    int
}

// NewSOCKS5 starts a proxy stopped at the end of the test.
func NewSOCKS5(t testing.TB, route map[string]string) *SOCKS5 {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: socks listen: %v", err)
	}
	p := &SOCKS5{ln: ln, route: route}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.open {
			c.Close()
		}
	})
	return p
}

// Addr is host:port of the proxy.
func (p *SOCKS5) Addr() string { return p.ln.Addr().String() }

// RequireAuth makes the proxy accept only user and pass (RFC 1929
// username/password authentication).
func (p *SOCKS5) RequireAuth(user, pass string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user, p.pass = user, pass
}

// Refused is how many logins to the proxy it refused.
func (p *SOCKS5) Refused() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refused
}

// Asked returns the addresses clients asked to CONNECT to, in order.
func (p *SOCKS5) Asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}

func (p *SOCKS5) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

// login runs RFC 1929's username/password subnegotiation.
func (p *SOCKS5) login(c net.Conn, methods []byte, user, pass string) bool {
	// A refusal is counted before its answer is written: a test that reads
	// Refused once its client saw the refusal must find it counted.
	refuse := func(reply ...byte) bool {
		p.mu.Lock()
		p.refused++
		p.mu.Unlock()
		if len(reply) > 0 {
			_, _ = c.Write(reply)
		}
		return false
	}
	if !slices.Contains(methods, 2) {
		return refuse(5, 0xff) // no acceptable method
	}
	if _, err := c.Write([]byte{5, 2}); err != nil {
		return refuse()
	}
	// VER ULEN UNAME PLEN PASSWD
	read := func() (string, bool) {
		n := make([]byte, 1)
		if _, err := io.ReadFull(c, n); err != nil {
			return "", false
		}
		b := make([]byte, n[0])
		_, err := io.ReadFull(c, b)
		return string(b), err == nil
	}
	ver := make([]byte, 1)
	if _, err := io.ReadFull(c, ver); err != nil || ver[0] != 1 {
		return refuse()
	}
	u, ok1 := read()
	pw, ok2 := read()
	if !ok1 || !ok2 || u != user || pw != pass {
		return refuse(1, 1)
	}
	_, err := c.Write([]byte{1, 0})
	return err == nil
}

func (p *SOCKS5) handle(c net.Conn) {
	p.mu.Lock()
	p.open = append(p.open, c)
	p.mu.Unlock()
	defer c.Close()
	// Greeting: VER NMETHODS METHODS...; we choose "no authentication",
	// or username/password when RequireAuth was called.
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(c, hdr); err != nil || hdr[0] != 5 {
		return
	}
	methods := make([]byte, hdr[1])
	if _, err := io.ReadFull(c, methods); err != nil {
		return
	}
	p.mu.Lock()
	user, pass := p.user, p.pass
	p.mu.Unlock()
	if user == "" {
		if _, err := c.Write([]byte{5, 0}); err != nil {
			return
		}
	} else if !p.login(c, methods, user, pass) {
		return
	}
	// Request: VER CMD RSV ATYP DST.ADDR DST.PORT
	req := make([]byte, 4)
	if _, err := io.ReadFull(c, req); err != nil || req[1] != 1 {
		return
	}
	var host string
	switch req[3] {
	case 1, 4: // IPv4, IPv6
		ip := make([]byte, map[byte]int{1: 4, 4: 16}[req[3]])
		if _, err := io.ReadFull(c, ip); err != nil {
			return
		}
		host = net.IP(ip).String()
	case 3: // domain name
		n := make([]byte, 1)
		if _, err := io.ReadFull(c, n); err != nil {
			return
		}
		name := make([]byte, n[0])
		if _, err := io.ReadFull(c, name); err != nil {
			return
		}
		host = string(name)
	default:
		return
	}
	pb := make([]byte, 2)
	if _, err := io.ReadFull(c, pb); err != nil {
		return
	}
	asked := net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(pb))))
	p.mu.Lock()
	p.asked = append(p.asked, asked)
	p.mu.Unlock()
	target := asked
	if r, ok := p.route[asked]; ok {
		target = r
	} else if err := RefuseOutside("tcp", asked); err != nil {
		_, _ = c.Write([]byte{5, 2, 0, 1, 0, 0, 0, 0, 0, 0}) // not allowed by ruleset
		return
	}
	up, err := net.Dial("tcp", target)
	if err != nil {
		_, _ = c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0}) // connection refused
		return
	}
	p.mu.Lock()
	p.open = append(p.open, up)
	p.mu.Unlock()
	defer up.Close()
	if _, err := c.Write([]byte{5, 0, 0, 1, 0, 0, 0, 0, 0, 0}); err != nil {
		return
	}
	go func() {
		_, _ = io.Copy(up, c)
		up.Close()
	}()
	_, _ = io.Copy(c, up)
}
