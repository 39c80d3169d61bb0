package sequences_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// Before the upgrade that matched greetings and letters sent from Drafts
// to their copies, Lily's December letter sent from her Drafts was an
// ordinary mail of hers, and the follow-up job enrolled it. Once its copy
// is matched it is keepwarm's letter: the follow-up stops, saying why,
// rather than chase a newsletter with "following up on my last mail".
func TestFollowUpOnALetterSentFromDraftsStops(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
		t.Fatalf("the rig: the mail is not followed up: %+v", e)
	}
	raw, err := sqlx.Open("sqlite3", "file:"+w.db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// The letter keepwarm filed in Drafts, its copy in Sent matched to the
	// mail followed up (as MatchSentDrafts records it).
	if _, err := raw.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at, sent_copy)
		VALUES ('letter:2026-12:1', 'letter-1@seller.example', 'lily', 'lily@seller.example', 'draft', 'drafted', 0, 'letter', 0, 0, 'q-1@seller.example')`); err != nil {
		t.Fatal(err)
	}
	w.run(day0.Add(2 * time.Minute))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "keepwarm's letter, sent from Drafts") {
		t.Fatalf("the follow-up of keepwarm's letter sent from Drafts: %s (%s); want stopped, saying why", e.Status, e.Reason)
	}
}
