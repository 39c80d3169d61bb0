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

// Waiver is a customer message marked "no answer needed", or one such a
// mark is asked for, with what the desk and the audit show of it.
type Waiver struct {
	MessageID    int64  `db:"message_id" json:"message_id"`
	ThreadID     int64  `db:"thread_id" json:"thread_id"`
	CustomerID   int64  `db:"customer_id" json:"customer_id"`
	CustomerName string `db:"customer_name" json:"customer_name"` // its name, else its key
	// ThreadCustomerID is the customer of the message's thread, whose page
	// shows the conversation (RecentWaivers alone reads it).
	ThreadCustomerID int64  `db:"thread_customer_id" json:"-"`
	Subject          string `db:"subject" json:"subject"`
	Contact          string `db:"contact" json:"contact"`
	Owner            string `db:"owner" json:"owner"` // who answers the message
	RepliedUnix      int64  `db:"replied_at" json:"-"`
	By               string `db:"waived_by" json:"by"` // who marked it; "" unmarked
	Unix             int64  `db:"waived_at" json:"-"`
	MayAnswer        bool   `db:"may_answer" json:"-"`
	// At is when it was marked; Answered that an answer came all the same
	// (the clock is then an answered one: the answer wins).
	At       time.Time `db:"-" json:"at"`
	Answered bool      `db:"-" json:"answered"`
}

func (w *Waiver) times() {
	w.At, w.Answered = optUnix(w.Unix), w.RepliedUnix != 0
}

// WaiveReply marks an inbound customer message "no answer needed" for the
// viewer, as by at at: its reply clock stops at once (no nudge, not on the
// waiting list, not holding the customer's greetings, not late in reports)
// and stays settled through every measurement, unless an answer comes
// anyway. Only someone who may answer it may: its owner, whoever covers
// for them (Viewer.Covers), a manager. Mail of a customer the viewer may
// not see, or with no clock, is ENOTFOUND; the others refused are
// ECONFLICT with the reason.
func (db *DB) WaiveReply(ctx context.Context, v Viewer, messageID int64, by string, at time.Time) (Waiver, error) {
	email, mgr := v.args()
	covers := v.covers()
	var w Waiver
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if w, err = waiveTarget(ctx, tx, v, messageID); err != nil {
			return err
		}
		switch {
		case w.By != "":
			return keepwarm.Errorf(keepwarm.ECONFLICT, "%s marked this mail as needing no answer already", w.By)
		case w.Answered:
			return keepwarm.Errorf(keepwarm.ECONFLICT, "this mail was answered already: there is nothing to mark")
		}
		res, err := tx.ExecContext(ctx, q("replies-waive"), messageID, by, unix(at), email, mgr, covers, v.standIn())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, keepwarm.Errorf(keepwarm.ECONFLICT, "this mail changed meanwhile: reload the page"))
		}
		if _, err := tx.ExecContext(ctx, q("replies-waive-run"), messageID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, q("replies-waive-clock"), messageID, unix(at))
		return err
	})
	if err != nil {
		return Waiver{}, waiveErr("mark message %d as needing no answer", messageID, err)
	}
	w.By, w.At = by, fromUnix(unix(at))
	return w, nil
}

// UnwaiveReply undoes a mark of WaiveReply, with the same rule for who
// may: the message waits for an answer again (since it arrived), unless an
// answer came meanwhile. It returns the mark it removed.
func (db *DB) UnwaiveReply(ctx context.Context, v Viewer, messageID int64) (Waiver, error) {
	email, mgr := v.args()
	var w Waiver
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if w, err = waiveTarget(ctx, tx, v, messageID); err != nil {
			return err
		}
		if w.By == "" {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "this mail is not marked as needing no answer")
		}
		res, err := tx.ExecContext(ctx, q("replies-unwaive"), messageID, email, mgr, v.covers(), v.standIn())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, keepwarm.Errorf(keepwarm.ECONFLICT, "this mail changed meanwhile: reload the page"))
		}
		_, err = tx.ExecContext(ctx, q("replies-unwaive-clock"), messageID)
		return err
	})
	if err != nil {
		return Waiver{}, waiveErr("undo the mark of message %d", messageID, err)
	}
	return w, nil
}

// waiveTarget reads the clock a mark or its undo is about, scoped by the
// viewer, and refuses one the viewer may see but not answer.
// MessageWaiver reads, for a message's page, its mark "no answer needed"
// and whether the viewer may make or take back such a mark (no refusal:
// MayAnswer says it); ENOTFOUND when the viewer sees no clock for it.
func (db *DB) MessageWaiver(ctx context.Context, v Viewer, messageID int64) (Waiver, error) {
	email, mgr := v.args()
	var w Waiver
	err := db.r.GetContext(ctx, &w, q("replies-waive-target"), messageID, email, mgr, v.covers(), v.standIn())
	if errors.Is(err, sql.ErrNoRows) {
		return w, keepwarm.Errorf(keepwarm.ENOTFOUND, "message %d has no reply clock you can see", messageID)
	}
	if err != nil {
		return w, fmt.Errorf("store: mark of message %d: %w", messageID, err)
	}
	w.times()
	return w, nil
}

func waiveTarget(ctx context.Context, tx *sqlx.Tx, v Viewer, messageID int64) (Waiver, error) {
	email, mgr := v.args()
	var w Waiver
	err := tx.GetContext(ctx, &w, q("replies-waive-target"), messageID, email, mgr, v.covers(), v.standIn())
	if errors.Is(err, sql.ErrNoRows) {
		return w, keepwarm.Errorf(keepwarm.ENOTFOUND, "message %d has no reply clock you can see", messageID)
	}
	if err != nil {
		return w, err
	}
	w.times()
	if !w.MayAnswer {
		if w.Owner == "" {
			return w, keepwarm.Errorf(keepwarm.ECONFLICT, "this mail has no owner: only a manager can say whether it needs an answer")
		}
		return w, keepwarm.Errorf(keepwarm.ECONFLICT, "%s answers this mail: only they, whoever covers for them while they are away, or a manager can say whether it needs an answer", w.Owner)
	}
	return w, nil
}

// waiveErr keeps a coded error as it is (its message is for the person)
// and wraps any other.
func waiveErr(what string, id int64, err error) error {
	var e *keepwarm.Error
	if errors.As(err, &e) && e.Code != keepwarm.EINTERNAL {
		return err
	}
	return fmt.Errorf("store: "+what+": %w", id, err)
}

// RecentWaivers lists the marks "no answer needed" made since since on
// mail the viewer may answer, newest first, at most limit: what the desk
// offers to undo.
func (db *DB) RecentWaivers(ctx context.Context, v Viewer, since time.Time, limit int) ([]Waiver, error) {
	email, mgr := v.args()
	out := []Waiver{}
	if err := db.r.SelectContext(ctx, &out, q("replies-waivers-recent"), unix(since), email, mgr, v.covers(), limit, v.standIn()); err != nil {
		return nil, fmt.Errorf("store: recent marks no answer needed: %w", err)
	}
	for i := range out {
		out[i].times()
	}
	return out, nil
}
