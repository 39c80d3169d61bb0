package mailsync

import "testing"

// A copy given up keeps the server's answer alone: the way out its note
// gave while it was tried (the right to add to Sent, server_saves_sent,
// give-up-copy) is cut off, whichever it was.
func TestCopyAnswerCutsTheWayOut(t *testing.T) {
	answer := "mailsync: imap lily: append to Sent: imap: NO [LIMIT] message too complex"
	for _, why := range []string{answer, answer + "; " + CopyNoRight, answer + "; " + CopyUnknownAnswer} {
		if got := CopyAnswer(why); got != answer {
			t.Errorf("CopyAnswer(%q) = %q; want %q", why, got, answer)
		}
	}
}
