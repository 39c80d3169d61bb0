package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// ActionContactNotLeft is the audit action of ClearLeftCompany.
const ActionContactNotLeft = "contact.not-left"

// ClearLeftCompany takes back a contact's "left the company" flag (an
// automatic answer read it so, wrongly: a part-time note, a move to
// another team): follow-ups, greetings and letters may write to the
// address again. The decision holds: the same note again (an
// autoresponder answers each mail sent to it), or one older than the
// decision, flags nothing; a later note naming another address instead
// does. The change is written to the audit log in the name of by.
// It returns the contact's customer and the follow-ups the flag ended (a
// follow-up with nobody left to write to ends as bounced and does not start
// again by itself); a contact not flagged is an EINVALID error.
func (db *DB) ClearLeftCompany(ctx context.Context, email string, at time.Time, by string) (NotLeft, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var out NotLeft
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var c struct {
			ID         int64 `db:"id"`
			CustomerID int64 `db:"customer_id"`
			LeftAt     int64 `db:"left_at"`
		}
		err := tx.GetContext(ctx, &c, q("contact-left-get"), email)
		if errors.Is(err, sql.ErrNoRows) {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "no contact %s", email)
		}
		if err != nil {
			return err
		}
		if c.LeftAt == 0 {
			return keepwarm.Errorf(keepwarm.EINVALID, "%s is not marked as having left the company", email)
		}
		out.Customer = c.CustomerID
		if err := tx.SelectContext(ctx, &out.Ended, q("contact-left-ended"), c.CustomerID, c.LeftAt, email); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("contact-left-clear"), c.ID, unix(at)); err != nil {
			return err
		}
		before := "left the company (noted " + fromUnix(c.LeftAt).UTC().Format("2006-01-02") + ")"
		_, err = tx.ExecContext(ctx, q("web-audit-insert"), c.CustomerID, by, ActionContactNotLeft, email, before, "has not left", unix(at))
		return err
	})
	if err != nil {
		return NotLeft{}, fmt.Errorf("store: contact %s has not left: %w", email, err)
	}
	return out, nil
}

// NotLeft is what ClearLeftCompany did.
type NotLeft struct {
	Customer int64 // the contact's customer
	// Ended are the follow-ups the flag ended because nobody was left to
	// write to: they stay ended, and the thread must be enrolled again.
	Ended []EndedFollowUp
}

// EndedFollowUp is an enrollment and its thread.
type EndedFollowUp struct {
	ID       int64 `db:"id"`
	ThreadID int64 `db:"thread_id"`
}
