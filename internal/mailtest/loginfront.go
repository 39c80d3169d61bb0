package mailtest

import (
	"bufio"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// LoginFront sits in front of an IMAP server and turns down the first n
// LOGIN and AUTHENTICATE commands with a NO of its choosing, as a server
// does when the account has too many connections open (Gmail) or its
// sign-in service is down (Dovecot's UNAVAILABLE); later logins, and
// everything else, pass through untouched.
type LoginFront struct {
	*front
	answers []string
	logins  atomic.Int32 // LOGIN and AUTHENTICATE commands seen
	refused atomic.Int32
}

// NewLoginFront listens on 127.0.0.1:0 in front of target until the test
// ends; it answers the first n logins with "tag NO " + text.
func NewLoginFront(t testing.TB, target string, n int, text string) *LoginFront {
	t.Helper()
	answers := make([]string, n)
	for i := range answers {
		answers[i] = text
	}
	return NewLoginFrontAnswers(t, target, answers...)
}

// NewLoginFrontAnswers is NewLoginFront answering the first logins with
// "tag NO " + each of answers in turn: a wrong password refused between
// answers that the server is busy.
func NewLoginFrontAnswers(t testing.TB, target string, answers ...string) *LoginFront {
	t.Helper()
	f := &LoginFront{answers: answers}
	f.front = listenFront(t, "login front", target, func(client, server net.Conn) {
		var wmu sync.Mutex
		go func() {
			defer client.Close()
			r := bufio.NewReader(server)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				wmu.Lock()
				err = passLiterals(client, r, line)
				wmu.Unlock()
				if err != nil {
					return
				}
			}
		}()
		go f.fromClient(client, server, &wmu)
	})
	return f
}

// LoginCut, as one of NewLoginFrontAnswers' answers, closes the
// connection instead of answering: a link reset or timed out during the
// login (a firewall, a proxy giving up).
const LoginCut = "\x00cut"

// Refused is how many logins the front turned down.
func (f *LoginFront) Refused() int { return int(f.refused.Load()) }

func (f *LoginFront) fromClient(client, server net.Conn, wmu *sync.Mutex) {
	defer server.Close()
	r := bufio.NewReader(client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(line)
		if len(fields) >= 2 {
			cmd := strings.ToUpper(fields[1])
			if cmd == "LOGIN" || cmd == "AUTHENTICATE" {
				if i := int(f.logins.Add(1)) - 1; i < len(f.answers) {
					if f.answers[i] == LoginCut {
						_ = client.Close()
						return
					}
					f.refused.Add(1)
					wmu.Lock()
					_, err := io.WriteString(client, fields[0]+" NO "+f.answers[i]+"\r\n")
					wmu.Unlock()
					if err != nil {
						return
					}
					continue
				}
			}
		}
		if passLiterals(server, r, line) != nil {
			return
		}
	}
}
