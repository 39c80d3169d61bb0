package cli

import (
	"encoding/json"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `outbox --json` says which mailbox a mail went from and as whom, what
// made it, when it was made and sent, and its follow-up: what a script
// needs to count a mailbox's sends of a day.
func TestOutboxJSONSaysWhereFromAndWhen(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.tick(day(3))
	var lines []struct {
		Mailbox       string     `json:"mailbox"`
		From          string     `json:"from"`
		Cc            []string   `json:"cc"`
		Origin        string     `json:"origin"`
		Enrollment    *int64     `json:"enrollment"`
		Key           string     `json:"key"`
		CreatedAt     *time.Time `json:"created_at"`
		SentAt        *time.Time `json:"sent_at"`
		NextAttemptAt *time.Time `json:"next_attempt_at"`
	}
	out := r.must(day(3), "outbox", "--json")
	if err := json.Unmarshal([]byte(out), &lines); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 {
		t.Fatalf("outbox: %s", out)
	}
	l := lines[0]
	if l.Mailbox != "lily" || l.From != mailtest.SMTPUser || l.Cc == nil || l.Origin != "sequence" || l.Enrollment == nil ||
		l.Key == "" || l.CreatedAt == nil || l.SentAt == nil || !l.SentAt.Equal(day(3)) || l.NextAttemptAt != nil {
		t.Fatalf("outbox --json: %s", out)
	}
}
