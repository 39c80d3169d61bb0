package keepwarm

import "regexp"

// sockAddrs is the addresses of a read or write error's text ("read tcp
// 10.0.0.5:53012->203.0.113.7:993: i/o timeout"): the local port is new at
// every connection, so the same cut would never be the same failure.
var sockAddrs = regexp.MustCompile(`\b(read|write) ((?:tcp|udp)[46]?) \S+: `)

// serverStamp is the time a server stamps on its answer: Dovecot's
// "Internal error occurred. Refer to server log for more information.
// [2026-12-08 09:14:03]" is new at every try of the same broken folder.
var serverStamp = regexp.MustCompile(`\s*\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]`)

// SameFailure is an error's text as the places that say a failure once
// (and again only when it changes) compare it: without the socket
// addresses of a read or write error, nor the time a server stamped on
// its answer, which are new at every try of the same failure.
func SameFailure(failure string) string {
	return serverStamp.ReplaceAllString(sockAddrs.ReplaceAllString(failure, "$1 $2: "), "")
}
