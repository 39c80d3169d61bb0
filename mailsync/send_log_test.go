package mailsync

import (
	"testing"
	"time"

	"keepwarm"
)

// A Sender made without a logger still says what it would say (to no one):
// the web's sign-in mail is delivered in the background, where a session
// that fails to close after the server accepted the mail is logged.
func TestSenderWithoutALogLogsToNoOne(t *testing.T) {
	s, err := NewSender(nil, nil, keepwarm.NewManualClock(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.log.Warn("smtp: accepted, then an error closing the session", "mailbox", "lily")
}
