package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/mailsync"
)

// TestProxyPasswordNotInDialErrors: a proxy URL whose password starts with
// digits and then has a "#", "/" or "?" parses with the password's digits
// as the port of a host that is the user and the rest as a fragment, path
// or query. Every failed dial through it is logged (and may become the
// mailbox's stored failure), so the error must not carry what comes before
// the "@".
func TestProxyPasswordNotInDialErrors(t *testing.T) {
	for _, raw := range []string{
		"socks5://localhost:1#Pr0xy@127.0.0.1:1080",
		"socks5://localhost:1?Pr0xy@127.0.0.1:1080",
		"http://localhost:1/Pr0xy@127.0.0.1:3128",
		"socks5://kw:Pr0xy#pw@127.0.0.1:1080",
	} {
		t.Run(raw, func(t *testing.T) {
			dial, err := mailsync.NewDialer(raw, 2*time.Second)
			if err == nil {
				_, err = dial(context.Background(), "tcp", "imap.acme.example:993")
			}
			if err == nil {
				t.Fatal("dial through a proxy where nothing listens worked: the test proves nothing")
			}
			if strings.Contains(err.Error(), "Pr0xy") {
				t.Errorf("error shows the proxy's password: %v", err)
			}
		})
	}
}
