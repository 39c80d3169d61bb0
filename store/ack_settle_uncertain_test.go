package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A "received, working on it" draft given up as uncertain (or failed after
// its filing lost the server's answer) that keepwarm then takes out of
// Drafts, or finds not there, once its message is answered is settled: the
// digest's "Drafts to check" and `keepwarm outbox` stop telling Lily to look
// for it before writing it again. One left there (kept, edited) is not: it
// is still in Drafts, and the desk lists it as a draft nobody should send.
func TestAnUncertainReceivedDraftTakenOutOfDraftsIsSettled(t *testing.T) {
	for _, tc := range []struct {
		status     string
		appendLost int
		outcome    string
		settled    bool
	}{{"uncertain", 0, "removed", true}, {"uncertain", 1, "gone", true}, {"failed", 1, "removed", true},
		{"uncertain", 0, "edited", false}, {"uncertain", 0, "kept", false}} {
		t.Run(fmt.Sprintf("%s-lost%d-%s", tc.status, tc.appendLost, tc.outcome), func(t *testing.T) {
			db := quotedDB(t)
			ctx := context.Background()
			res, err := db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at, append_lost)
				VALUES ('ack:1', 'ack@team', 'lily', 'lily@team.example', 'draft', ?, 0, 'ack', 0, ?, ?)`,
				tc.status, t0.Unix(), tc.appendLost)
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			if err := db.SettleDraft(ctx, id, tc.outcome, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			it, err := db.OutboxItem(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if tc.settled && (it.SettledAt.IsZero() || !strings.Contains(it.Settled, "answered")) {
				t.Fatalf("a %s \"received\" draft %s by keepwarm: settled %v %q; want settled, as its message was answered", tc.status, tc.outcome, it.SettledAt, it.Settled)
			}
			if !tc.settled && !it.SettledAt.IsZero() {
				t.Fatalf("a \"received\" draft left in Drafts (%s) is settled %v %q; want it unsettled, still in Drafts", tc.outcome, it.SettledAt, it.Settled)
			}
		})
	}
}
