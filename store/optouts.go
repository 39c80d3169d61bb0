package store

import (
	"context"
	"database/sql"
	"encoding/json"
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
	// CopyPending: keepwarm's mail that went out before it has no stored
	// copy yet (see optout-candidates).
	CopyPending bool `db:"copy_pending"`
}

// OptOutCandidates lists the customers' own mails received since since that
// were not read for opt-out wording yet (RecordOptOutReads), oldest first:
// real mail from a contact whose text is in. Via is the origin of
// keepwarm's automated mail the message answers (a letter, a greeting, a
// follow-up step that went out before it in its thread), "" when none.
// CopyPending marks mail without In-Reply-To received after keepwarm's
// mail to the customer went out whose copy from Sent is not stored yet,
// unless RecordOptOutReads put it off before waitOver.
func (db *DB) OptOutCandidates(ctx context.Context, since, waitOver time.Time) ([]keepwarm.OptOutCandidate, error) {
	var rows []optOutCandidateRow
	if err := db.r.SelectContext(ctx, &rows, q("optout-candidates"), unix(since), unix(waitOver)); err != nil {
		return nil, fmt.Errorf("store: opt-out candidates: %w", err)
	}
	out := make([]keepwarm.OptOutCandidate, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.OptOutCandidate{
			MessageID: r.ID, ThreadID: r.ThreadID, CustomerID: r.CustomerID, Customer: r.Customer, Owner: r.Owner,
			FromEmail: strings.ToLower(r.FromEmail), Subject: r.Subject, Snippet: r.Snippet,
			ReceivedAt: fromUnix(r.ReceivedAt), Via: r.Via, ViaSubject: r.ViaSubject, CopyPending: r.CopyPending,
		}
	}
	return out, nil
}

// optOutWritten, when set (by a test), is told of each statement
// RecordOptOutReads runs for a set of messages, with how many.
var optOutWritten func(statement string, messages int)

// RecordOptOutReads records, in one transaction, that the messages read
// were read for opt-out wording (OptOutCandidates lists them no more), the
// opt-outs they asked for, and the messages put off (waits) until
// keepwarm's copy is stored, from now unless they were already. An address
// already opted out keeps its first record; recorded are the opt-outs that
// are new.
func (db *DB) RecordOptOutReads(ctx context.Context, read []int64, asked []keepwarm.OptOut, waits []int64, now time.Time) (recorded []keepwarm.OptOut, err error) {
	if len(read) == 0 && len(asked) == 0 && len(waits) == 0 {
		return nil, nil
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		recorded = recorded[:0]
		for _, o := range asked {
			if new, err := optOutTx(ctx, tx, o, now); err != nil {
				return err
			} else if new {
				recorded = append(recorded, o)
			}
		}
		// A statement for each set, not for each message: a first run
		// after a large sync reads some 2,000 messages.
		for _, set := range []struct {
			name string
			ids  []int64
			at   bool
		}{{"optout-reads", read, true}, {"optout-reads-unwait", read, false}, {"optout-waits", waits, true}} {
			if len(set.ids) == 0 {
				continue
			}
			js, err := json.Marshal(set.ids)
			if err != nil {
				return err
			}
			args := []any{string(js)}
			if set.at {
				args = append(args, unix(now))
			}
			if _, err := tx.ExecContext(ctx, q(set.name), args...); err != nil {
				return err
			}
			if optOutWritten != nil {
				optOutWritten(set.name, len(set.ids))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: record opt-out reads: %w", err)
	}
	return recorded, nil
}
