package mailtest

import (
	"fmt"
	"net"
	"strings"
	"sync"
)

var outside struct {
	mu    sync.Mutex
	asked []string
}

// RefuseOutside is a dial check (mailsync.DialCheck) that lets a test
// connect only to this machine: any other address is refused at once,
// before its name is resolved, and recorded for Outside. A name under
// .invalid passes, to fail as it would for a mistyped host: RFC 6761
// keeps it from ever resolving. A test that
// reached a real provider (smtp.office365.com, a token endpoint) would
// pass or fail by what that provider answers, and send it a test's
// sign-in.
func RefuseOutside(network, addr string) error {
	if Loopback(addr) || invalidName(addr) {
		return nil
	}
	outside.mu.Lock()
	outside.asked = append(outside.asked, addr)
	outside.mu.Unlock()
	return fmt.Errorf("mailtest: %s %s is not on this machine: a test connects only to its own servers", network, addr)
}

// Outside returns the addresses RefuseOutside refused, in order.
func Outside() []string {
	outside.mu.Lock()
	defer outside.mu.Unlock()
	return append([]string(nil), outside.asked...)
}

// Loopback reports whether addr (host:port, or a host) names this machine:
// localhost or a loopback IP.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func invalidName(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return host == "invalid" || strings.HasSuffix(host, ".invalid")
}
