package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"
)

// answeredFromPool is the pooled event's note when a salesperson answered
// an inquiry that was in the pool as an unknown sender's.
const answeredFromPool = "answered from the pool"

// importedToPool is the pooled event's note when an import creates a
// customer without an owner (`customers import --pool`, an empty owner
// cell): its mail counts from the import on (book-pool-answered).
const importedToPool = "imported to the pool"

// assignAnsweredFromPool gives each customer in the pool, as an unknown
// sender's inquiry, imported to it, or gone back to it (a claim's deadline
// passed, a release), which a salesperson has written to since (from their
// own mailbox, as salespeople answer, without claiming first), to the first
// salesperson who did, as their own like an inquiry they had answered
// before the pool saw it: otherwise a colleague could claim a conversation
// already under way and two salespeople would write to one buyer. Mail from
// the shared team mailbox or the manager names nobody: the customer stays
// in the pool. Nor does the mail of whoever let the customer go written
// within the cool-down in which they may not claim it again, even once the
// cool-down is over: only their mail written after it counts.
func assignAnsweredFromPool(ctx context.Context, tx *sqlx.Tx, opt AssignOptions, now time.Time) ([]Assignment, error) {
	var rows []struct {
		ID      int64         `db:"id"`
		From    string        `db:"from_email"`
		Mailbox string        `db:"mailbox"`
		At      int64         `db:"at"`
		Event   string        `db:"event"`
		LetGoBy string        `db:"let_go_by"`
		EventAt int64         `db:"event_at"`
		AtAfter sql.NullInt64 `db:"at_after"`
		FirstID int64         `db:"first_id"`
		After   sql.NullInt64 `db:"first_id_after"`
	}
	cooldown := int64(opt.Rules.Cooldown / time.Second)
	if cooldown < 0 {
		cooldown = 0
	}
	if err := tx.SelectContext(ctx, &rows, q("book-pool-answered"), cooldown); err != nil {
		return nil, err
	}
	// Whoever let it go counts from their first mail past the cool-down
	// only: the mail they wrote within it (a goodbye, "my colleague will be
	// in touch") does not win it back once the cool-down is over.
	kept := rows[:0]
	for _, r := range rows {
		if r.Event != "pooled" && r.LetGoBy != "" && opt.writer(r.From, r.Mailbox) == r.LetGoBy &&
			opt.Rules.CanClaimAgain(fromUnix(r.EventAt), fromUnix(r.At)) != nil {
			if !r.AtAfter.Valid {
				continue
			}
			r.At, r.FirstID = r.AtAfter.Int64, r.After.Int64
		}
		kept = append(kept, r)
	}
	rows = kept
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].ID != rows[j].ID {
			return rows[i].ID < rows[j].ID
		}
		if rows[i].At != rows[j].At {
			return rows[i].At < rows[j].At
		}
		return rows[i].FirstID < rows[j].FirstID // the first stored of a same-second tie
	})
	var out []Assignment
	for _, r := range rows {
		if len(out) > 0 && out[len(out)-1].CustomerID == r.ID {
			continue // given to an earlier writer already
		}
		w := opt.writer(r.From, r.Mailbox)
		if w == "" {
			continue
		}
		a := Assignment{CustomerID: r.ID, Event: "assigned", Salesperson: w, Note: answeredFromPool}
		if _, err := tx.ExecContext(ctx, q("book-set-owner"), w, r.ID); err != nil {
			return nil, err
		}
		if err := poolEvent(ctx, tx, r.ID, a.Event, w, a.Note, now); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
