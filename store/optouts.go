package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

type optOutCandidateRow struct {
	ID         int64         `db:"id"`
	ThreadID   int64         `db:"thread_id"`
	CustomerID int64         `db:"customer_id"`
	Customer   string        `db:"customer"`
	Owner      string        `db:"owner"`
	FromEmail  string        `db:"from_email"`
	Subject    string        `db:"subject"`
	Snippet    string        `db:"snippet"`
	ReceivedAt int64         `db:"received_at"`
	Via        string        `db:"via"`
	ViaSubject string        `db:"via_subject"`
	ViaID      sql.NullInt64 `db:"via_id"` // the outbox item answered
}

// OptOutCandidates lists the customers' own mails received since since that
// were not read for opt-out wording yet (RecordOptOutReads), oldest first:
// real mail from a contact whose text is in. Via is the origin of
// keepwarm's automated mail the message answers (a letter, a greeting, a
// follow-up step that went out before it in its thread), "" when none.
func (db *DB) OptOutCandidates(ctx context.Context, since time.Time) ([]keepwarm.OptOutCandidate, error) {
	var rows []optOutCandidateRow
	if err := db.r.SelectContext(ctx, &rows, q("optout-candidates"), unix(since)); err != nil {
		return nil, fmt.Errorf("store: opt-out candidates: %w", err)
	}
	out := make([]keepwarm.OptOutCandidate, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.OptOutCandidate{
			MessageID: r.ID, ThreadID: r.ThreadID, CustomerID: r.CustomerID, Customer: r.Customer, Owner: r.Owner,
			FromEmail: strings.ToLower(r.FromEmail), Subject: r.Subject, Snippet: r.Snippet,
			ReceivedAt: fromUnix(r.ReceivedAt), Via: r.Via, ViaSubject: r.ViaSubject,
		}
	}
	return out, nil
}

// RecordOptOutReads records, in one transaction, that the messages read
// were read for opt-out wording (OptOutCandidates lists them no more) and
// the opt-outs they asked for. An address already opted out keeps its
// first record; recorded are the opt-outs that are new.
func (db *DB) RecordOptOutReads(ctx context.Context, read []int64, asked []keepwarm.OptOut, now time.Time) (recorded []keepwarm.OptOut, err error) {
	if len(read) == 0 && len(asked) == 0 {
		return nil, nil
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		recorded = recorded[:0]
		for _, o := range asked {
			res, err := tx.ExecContext(ctx, q("seq-opt-out"), strings.ToLower(strings.TrimSpace(o.Email)), o.MessageID, o.Reason, unix(now))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n > 0 {
				recorded = append(recorded, o)
			}
		}
		for _, id := range read {
			if _, err := tx.ExecContext(ctx, q("optout-read"), id, unix(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: record opt-out reads: %w", err)
	}
	return recorded, nil
}
