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
