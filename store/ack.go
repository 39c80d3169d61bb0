package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// LastOwnMessage is the team's latest outbound message with a text in the
// thread before before, with its text, recipients and contacts; a zero
// Message when there is none.
func (db *DB) LastOwnMessage(ctx context.Context, threadID int64, before time.Time) (keepwarm.Message, error) {
	var id int64
	err := db.r.GetContext(ctx, &id, q("ack-own-message"), threadID, unix(before))
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.Message{}, nil
	}
	if err != nil {
		return keepwarm.Message{}, fmt.Errorf("store: own message of thread %d: %w", threadID, err)
	}
	return db.GetMessage(ctx, id)
}

// AnsweredDrafts lists keepwarm's drafts in Drafts that nobody should send
// any more, and whose removal has not settled: "received" drafts whose
// customer message has since been answered or marked "no answer needed",
// follow-up steps filed in draft mode whose follow-up ended as answered,
// bounced, opted out, stopped or superseded, and greetings and letters
// filed in draft mode, queued since greetingsSince, whose recipient has
// since opted out or bounced, and drafts queued since greetingsSince whose
// APPEND lost its answer (they may be in Drafts) and that were skipped.
func (db *DB) AnsweredDrafts(ctx context.Context, greetingsSince time.Time) ([]keepwarm.OutboxItem, error) {
	// A step the salesperson sent from Drafts answers nobody: its copy is
	// matched first, whether or not the follow-up job runs (held for
	// broken files, or disabled) or ran since the copy was stored.
	if err := db.MatchSentDrafts(ctx, greetingsSince.Add(-SentDraftWindow)); err != nil {
		return nil, err
	}
	return db.selectOutbox(ctx, "answered drafts", q("ack-answered"), unix(greetingsSince))
}

// DraftMessage is where the customer message of a "received" draft stands.
type DraftMessage struct {
	Answered bool   `db:"answered"`
	WaivedBy string `db:"waived_by"` // who marked it "no answer needed"; "" unmarked
}

// DraftAnswered reports whether the customer message a "received" draft
// (by its outbox key) is about has been answered, and who marked it as
// needing no answer. A message no longer stored is neither.
func (db *DB) DraftAnswered(ctx context.Context, key string) (DraftMessage, error) {
	var st DraftMessage
	err := db.r.GetContext(ctx, &st, q("ack-message-answered"), key)
	if errors.Is(err, sql.ErrNoRows) {
		return DraftMessage{}, nil
	}
	if err != nil {
		return DraftMessage{}, fmt.Errorf("store: draft %s answered: %w", key, err)
	}
	return st, nil
}

// SettleDraft records what became of a filed draft (removed, gone, edited,
// kept); it is not tried again. An uncertain greeting, letter or "received"
// draft (or a "received" one failed after its filing lost the answer) found and
// taken out of Drafts ("removed"), or not there ("gone"), is settled too:
// nobody is to look for it in Drafts any more. One kept or edited stays on
// the lists: it is still in Drafts.
func (db *DB) SettleDraft(ctx context.Context, outboxID int64, outcome string, now time.Time) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("ack-settle"), outboxID, outcome, unix(now)); err != nil {
			return err
		}
		if outcome != "removed" && outcome != "gone" {
			return nil
		}
		_, err := tx.ExecContext(ctx, q("ack-settle-uncertain"), outboxID, unix(now), outcome)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: settle draft %d: %w", outboxID, err)
	}
	return nil
}

// DraftOutcome is what became of a filed draft ("" while in Drafts).
func (db *DB) DraftOutcome(ctx context.Context, outboxID int64) (string, error) {
	var s string
	err := db.r.GetContext(ctx, &s, q("ack-outcome"), outboxID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: draft %d: %w", outboxID, err)
	}
	return s, nil
}
