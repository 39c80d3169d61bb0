package mailtest

import (
	"bufio"
	"io"
	"net"
	"sync"
	"testing"
)

// front is a TCP listener in front of a server (target) for the test's
// life: each connection it accepts is dialled through to target and handed
// to handle with its server side; both are closed when the test ends. The
// fronts that rewrite a protocol (IDFront, SpecialUseFront) are built on it.
type front struct {
	ln     net.Listener
	target string
	handle func(client, server net.Conn)
	mu     sync.Mutex
	open   []net.Conn
}

// listenFront listens on 127.0.0.1:0 until the test ends; name is for the
// error message.
func listenFront(t testing.TB, name, target string, handle func(client, server net.Conn)) *front {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: %s listen: %v", name, err)
	}
	f := &front{ln: ln, target: target, handle: handle}
	go f.serve()
	t.Cleanup(func() {
		ln.Close()
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, c := range f.open {
			c.Close()
		}
	})
	return f
}

// Addr is host:port of the front.
func (f *front) Addr() string { return f.ln.Addr().String() }

func (f *front) serve() {
	for {
		client, err := f.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", f.target)
		if err != nil {
			client.Close()
			continue
		}
		f.mu.Lock()
		f.open = append(f.open, client, server)
		f.mu.Unlock()
		f.handle(client, server)
	}
}

// passLiterals writes line to dst, then each literal it announces with the
// line after it, until a line announces none: a response or command whose
// literals (a message, an APPEND) pass whole.
func passLiterals(dst io.Writer, r *bufio.Reader, line string) error {
	for {
		if _, err := io.WriteString(dst, line); err != nil {
			return err
		}
		n, ok := literalLen([]byte(line))
		if !ok {
			return nil
		}
		if _, err := io.CopyN(dst, r, n); err != nil {
			return err
		}
		var err error
		if line, err = r.ReadString('\n'); err != nil {
			return err
		}
	}
}
