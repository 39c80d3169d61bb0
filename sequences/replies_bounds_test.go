package sequences_test

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A customer mail with a 1 MB Subject still gets its nudge: the copied
// subject is cut to keepwarm.MaxSubject characters.
func TestHugeSubjectDoesNotBreakTheNudge(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	huge := "Inquiry " + strings.Repeat("LED panel 600x600 ", 1<<20/18)
	w.deliver(lilyUser, "INBOX", ask("huge@globex.de", lilyUser, huge), t0)
	w.sync()
	for i := range 3 {
		w.tickAt(t0.Add(5*time.Minute + time.Duration(i)*time.Minute))
	}
	got := w.nudges()
	if len(got) != 1 {
		t.Fatalf("%d nudges, want 1", len(got))
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got[0].Raw))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(subj, "Inquiry LED panel") || len(got[0].Raw) > 64<<10 {
		t.Fatalf("nudge subject %d bytes, message %d bytes: %.300s", len(subj), len(got[0].Raw), subj)
	}
	if n := utf8.RuneCountInString(subj); n > keepwarm.MaxSubject {
		t.Fatalf("nudge subject has %d characters", n)
	}
}
