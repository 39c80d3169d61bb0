package mailsync

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestContainsFold(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"From: ", "MAILER-DAEMON", "Mailer-Daemon", "mailer-daemo", "postmaster", "PostMaster", "post", "m", "x", "\r\n", "é"}
	for range 20000 {
		var b bytes.Buffer
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		for _, w := range []string{"mailer-daemon", "postmaster"} {
			if got, want := containsFold(b.Bytes(), w), bytes.Contains(bytes.ToLower(b.Bytes()), []byte(w)); got != want {
				t.Fatalf("containsFold(%q, %q) = %v, want %v", b.String(), w, got, want)
			}
		}
	}
}

func TestHeaderField(t *testing.T) {
	for _, c := range []struct {
		header, want string
	}{
		{"Received: from postmaster.example\r\nFrom: Bob <bob@acme.example>\r\nTo: x@y\r\n\r\n", "From: Bob <bob@acme.example>\r\n"},
		{"Subject: x\r\nfrom : Mail Delivery System\r\n <MAILER-DAEMON@mx.example>\r\n\tmore\r\nTo: y\r\n", "from : Mail Delivery System\r\n <MAILER-DAEMON@mx.example>\r\n\tmore\r\n"},
		{"Fromage: cheese\r\nX-From: postmaster@x\r\nFROM:postmaster@x", "FROM:postmaster@x"},
		{"From postmaster@x Mon Jan 1\r\nSubject: none\r\n", ""},
		{"To: a@b\r\n", ""},
		{"From: a@b\n folded", "From: a@b\n folded"},
	} {
		if got := string(headerField([]byte(c.header), "from")); got != c.want {
			t.Errorf("headerField(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}
