package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// queuedAckDraft is a customer's question (q@acme) with a "received"
// draft for it from Lily's mailbox, queued at created with status and
// append_lost.
func queuedAckDraft(t *testing.T, status string, appendLost int, created time.Time) *DB {
	t.Helper()
	db := quotedDB(t)
	stepAndAnswer(t, db)
	measure(t, db, t0.Add(time.Minute))
	c := clockOf(t, db, "q@acme")
	if _, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at, append_lost)
		VALUES (?, 'ack@team', 'lily', 'lily@team.example', 'draft', ?, 0, 'ack', 0, ?, ?)`,
		fmt.Sprintf("ack:%d", c.MessageID), status, created.Unix(), appendLost); err != nil {
		t.Fatal(err)
	}
	return db
}

// lilyAnswersQ files Lily's answer to q@acme in her Sent and measures it.
func lilyAnswersQ(t *testing.T, db *DB) {
	t.Helper()
	save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 3, t0.Add(4*time.Minute)))
	measure(t, db, t0.Add(5*time.Minute))
}

// A "received, working on it" draft whose APPEND lost the server's answer
// may be in Lily's Drafts whether it was then given up as uncertain or as
// failed: once she answers the customer it is looked for there and taken
// out, as a filed one is, so she does not send "Received, working on it"
// after her own answer. One that failed without ever reaching the server
// is not looked for.
func TestAnsweredAckDraftThatMayBeInDraftsIsToBeRemoved(t *testing.T) {
	for _, tc := range []struct {
		status     string
		appendLost int
		listed     bool
	}{{"uncertain", 0, true}, {"uncertain", 1, true}, {"failed", 1, true}, {"failed", 0, false}} {
		t.Run(fmt.Sprintf("%s-lost%d", tc.status, tc.appendLost), func(t *testing.T) {
			db := queuedAckDraft(t, tc.status, tc.appendLost, t0)
			ctx := context.Background()
			if got, err := db.AnsweredDrafts(ctx, t0); err != nil || len(got) != 0 {
				t.Fatalf("drafts to remove before Lily answers: %+v %v; want none", got, err)
			}
			lilyAnswersQ(t, db)
			got, err := db.AnsweredDrafts(ctx, t0)
			if err != nil {
				t.Fatal(err)
			}
			if tc.listed && len(got) != 1 {
				t.Fatalf("drafts to remove after Lily's answer: %+v; want the %s \"received\" draft, which may be in Drafts", got, tc.status)
			}
			if !tc.listed && len(got) != 0 {
				t.Fatalf("drafts to remove after Lily's answer: %+v; want none: it never reached the server", got)
			}
		})
	}
}

// A "received" draft that may be in Drafts (uncertain, or failed after its
// filing lost the answer) queued longer ago than the desk lists a stale
// draft is not looked for once its message is answered: on upgrade, years
// of old ones would each cost a login to the mailbox. A filed one is
// looked for at any age, as before.
func TestAnsweredAckDraftThatMayBeInDraftsIsNotLookedForWhenOld(t *testing.T) {
	for _, tc := range []struct {
		status     string
		appendLost int
		listed     bool
	}{{"uncertain", 0, false}, {"failed", 1, false}, {"drafted", 0, true}} {
		t.Run(fmt.Sprintf("%s-lost%d", tc.status, tc.appendLost), func(t *testing.T) {
			db := queuedAckDraft(t, tc.status, tc.appendLost, t0.Add(-30*24*time.Hour))
			ctx := context.Background()
			lilyAnswersQ(t, db)
			got, err := db.AnsweredDrafts(ctx, t0.Add(-14*24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if tc.listed && len(got) != 1 {
				t.Fatalf("drafts to remove after Lily's answer: %+v; want the filed \"received\" draft, however old", got)
			}
			if !tc.listed && len(got) != 0 {
				t.Fatalf("drafts to remove after Lily's answer: %+v; want none: the %s draft was queued 30 days ago", got, tc.status)
			}
		})
	}
}
