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
// It returns the contact's customer; a contact not flagged is an EINVALID
// error.
func (db *DB) ClearLeftCompany(ctx context.Context, email string, at time.Time, by string) (int64, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var customer int64
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
		customer = c.CustomerID
		if _, err := tx.ExecContext(ctx, q("contact-left-clear"), c.ID, unix(at)); err != nil {
			return err
		}
		before := "left the company (noted " + fromUnix(c.LeftAt).UTC().Format("2006-01-02") + ")"
		_, err = tx.ExecContext(ctx, q("web-audit-insert"), c.CustomerID, by, ActionContactNotLeft, email, before, "has not left", unix(at))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: contact %s has not left: %w", email, err)
	}
	return customer, nil
}
