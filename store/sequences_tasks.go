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

// AddTask stores t unless a task with its Key exists; created reports
// whether it was new. CreatedAt must be set by the caller.
func (db *DB) AddTask(ctx context.Context, t keepwarm.Task) (created bool, err error) {
	var n int64
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("seq-task-insert"), t.Key, obNullID(t.EnrollmentID), t.CustomerID,
			obNullID(t.ThreadID), t.Owner, t.Title, t.Sequence, t.Step, unix(t.DueAt), unix(t.CreatedAt))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: add task %q: %w", t.Key, err)
	}
	return n == 1, nil
}

// SkipCallStep records t, a call step a person skipped ("Skip this
// step"), at t.CreatedAt, and writes e, the follow-up moved on past it,
// in one transaction: both or neither. The record is a task row under
// t's Key, closed at once with t.Outcome (who skipped it) and AnsweredBy
// -1, so that no call is asked for and none counts as made (DoneTasks,
// CallAnswer leave it out), while the follow-up, placed back at the step
// by an edit undone, finds the step done. A task with the key already
// that is not such a record (Task.SkipRecord: the tick made the call at
// the same instant, or the customer's answer closed it) is returned as it is, created false, and e is not written. e changed
// since it was read (e.Rev) is ECONFLICT with nothing recorded: a skip
// record left without its follow-up moved on would make the tick, when
// it reaches the step, ask for no call although her Skip failed.
func (db *DB) SkipCallStep(ctx context.Context, t keepwarm.Task, e keepwarm.Enrollment) (got keepwarm.Task, saved keepwarm.Enrollment, created bool, err error) {
	row, err := enrollmentRowOf(e)
	if err != nil {
		return got, e, false, fmt.Errorf("store: skipped task %q: %w", t.Key, err)
	}
	row.Rev = e.Rev
	var n int64
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("seq-task-insert-skipped"), t.Key, obNullID(t.EnrollmentID), t.CustomerID,
			obNullID(t.ThreadID), t.Owner, t.Title, t.Sequence, t.Step, unix(t.CreatedAt), t.Outcome)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		var rows []taskRow
		if err := tx.SelectContext(ctx, &rows, q("seq-task-by-key"), t.Key); err != nil {
			return err
		}
		if len(rows) == 0 {
			return keepwarm.Errorf(keepwarm.ENOTFOUND, "no task %q", t.Key)
		}
		got = taskRows(rows)[0]
		if n == 0 && !got.SkipRecord() {
			return nil
		}
		return updateEnrollmentTx(ctx, tx, e, row)
	})
	if err != nil {
		return got, e, false, fmt.Errorf("store: skipped task %q: %w", t.Key, err)
	}
	if n == 0 && !got.SkipRecord() {
		return got, e, false, nil
	}
	e.Rev++
	return got, e, n == 1, nil
}

// EnrollmentTasks lists the tasks of an enrollment, open or closed (a
// skipped call's record too), the oldest first.
func (db *DB) EnrollmentTasks(ctx context.Context, enrollmentID int64) ([]keepwarm.Task, error) {
	var rows []taskRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-tasks-of-enrollment"), enrollmentID); err != nil {
		return nil, fmt.Errorf("store: tasks of enrollment %d: %w", enrollmentID, err)
	}
	return taskRows(rows), nil
}

type taskRow struct {
	ID           int64         `db:"id"`
	Key          string        `db:"key"`
	EnrollmentID int64         `db:"enrollment_id"`
	CustomerID   int64         `db:"customer_id"`
	CustomerKey  string        `db:"customer_key"`
	ThreadID     int64         `db:"thread_id"`
	Owner        string        `db:"owner"`
	Title        string        `db:"title"`
	Sequence     string        `db:"sequence"`
	Step         int           `db:"step"`
	DueAt        int64         `db:"due_at"`
	CreatedAt    int64         `db:"created_at"`
	DoneAt       sql.NullInt64 `db:"done_at"`
	Outcome      string        `db:"outcome"`
	Reason       string        `db:"reason"`
	AnsweredBy   int64         `db:"answered_by"`
}

// ListTasks lists tasks, soonest due first: only open ones unless all, and
// only owner's when owner is not empty.
func (db *DB) ListTasks(ctx context.Context, all bool, owner string) ([]keepwarm.Task, error) {
	open := 1
	if all {
		open = 0
	}
	var rows []taskRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-tasks-list"), open, owner); err != nil {
		return nil, fmt.Errorf("store: list tasks: %w", err)
	}
	return taskRows(rows), nil
}

// BlindBounce returns the first delivery failure received since since
// (after the message e last stopped on) that returns one of e's mails or
// the mail it follows up and names no address, or only an address none of
// those mails went to (named: a forward or group of the customer's that
// failed), or that refused the mail rather than an address (refusal, as
// parse notes it: "hans@buyer.de 5.7.26 authentication"); the step of the
// mail returned (-1: the mail followed up); found false when there is none.
func (db *DB) BlindBounce(ctx context.Context, e keepwarm.Enrollment, since time.Time) (id int64, step int, named, refusal string, found bool, err error) {
	var rows []struct {
		ID      int64  `db:"id"`
		Step    int    `db:"step"`
		Named   string `db:"named"`
		Refusal string `db:"refusal"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("seq-blind-bounce"), e.ID, unix(since), e.StoppedBy, e.AnchorID); err != nil {
		return 0, 0, "", "", false, fmt.Errorf("store: delivery failures of enrollment %d: %w", e.ID, err)
	}
	if len(rows) == 0 {
		return 0, 0, "", "", false, nil
	}
	return rows[0].ID, rows[0].Step, rows[0].Named, rows[0].Refusal, true, nil
}

// CallAnswer returns the latest call task of an enrollment that a person
// closed with why the customer went quiet, other than not-received: the
// call reached the customer (found false when there is none). Only tasks
// made since anchorAt count: a call answers the mail followed up when its
// task was made, not one written after it.
func (db *DB) CallAnswer(ctx context.Context, enrollmentID int64, anchorAt time.Time) (keepwarm.Task, bool, error) {
	var rows []taskRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-task-call-answer"), enrollmentID, unix(anchorAt)); err != nil {
		return keepwarm.Task{}, false, fmt.Errorf("store: call task of enrollment %d: %w", enrollmentID, err)
	}
	if len(rows) == 0 {
		return keepwarm.Task{}, false, nil
	}
	return taskRows(rows)[0], true, nil
}

// DoneTasks lists the tasks closed in [since, until), in the order they
// were closed: the calls, what they taught and why customers went quiet
// (not the tasks an answer closed: no call happened).
func (db *DB) DoneTasks(ctx context.Context, since, until time.Time) ([]keepwarm.Task, error) {
	var rows []taskRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-tasks-done-between"), unix(since), unix(until)); err != nil {
		return nil, fmt.Errorf("store: tasks done: %w", err)
	}
	return taskRows(rows), nil
}

func taskRows(rows []taskRow) []keepwarm.Task {
	out := make([]keepwarm.Task, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.Task{
			ID: r.ID, Key: r.Key, EnrollmentID: r.EnrollmentID, CustomerID: r.CustomerID,
			Customer: r.CustomerKey, ThreadID: r.ThreadID, Owner: r.Owner, Title: r.Title,
			Sequence: r.Sequence, Step: r.Step, DueAt: fromUnix(r.DueAt), CreatedAt: fromUnix(r.CreatedAt),
			DoneAt: obTime(r.DoneAt), Outcome: r.Outcome, Reason: keepwarm.QuietReason(r.Reason), AnsweredBy: r.AnsweredBy,
		}
	}
	return out
}

// DoneTask marks a task done at now; ENOTFOUND when there is no task with
// that id, ECONFLICT when it was closed already (its outcome stays, and a
// note given still goes into the customer's notes: what the call taught is
// not lost because an answer or a colleague closed the task first), EINVALID for a reason that is not one of
// keepwarm.QuietReasons.
//
// outcome is what the call taught ("decides in March"; "" nothing) and
// reason why the customer went quiet ("" not said): kept on the task, and
// added to the customer's notes with the day ("2026-12-03 call: comparing
// suppliers: decides in March", the day in now's zone: callers pass the
// team's), where the customer's page shows it.
func (db *DB) DoneTask(ctx context.Context, id int64, now time.Time, outcome string, reason keepwarm.QuietReason) error {
	outcome = strings.Join(strings.Fields(outcome), " ")
	reason, err := keepwarm.ParseQuietReason(string(reason))
	if err != nil {
		return err
	}
	note := outcome
	if reason != "" {
		note = reason.Label()
		if outcome != "" {
			note += ": " + outcome
		}
	}
	var n int64
	var closed sql.NullInt64
	line := now.Format("2006-01-02") + " call: " + note
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("seq-task-done"), unix(now), id, outcome, string(reason))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if n == 0 {
			// Closed meanwhile (the customer's answer, a colleague
			// covering, another tab): the task keeps how it was closed,
			// and what this call taught still goes into the notes,
			// once: closed with this very note (Done pressed twice, the
			// form sent again), or with the notes ending in it, it is
			// there already.
			var was struct {
				DoneAt  sql.NullInt64 `db:"done_at"`
				Outcome string        `db:"outcome"`
				Reason  string        `db:"reason"`
				Notes   string        `db:"notes"`
			}
			err := tx.GetContext(ctx, &was, q("seq-task-closed-with"), id)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if closed = was.DoneAt; err != nil || !closed.Valid {
				return err
			}
			if was.Outcome == outcome && was.Reason == string(reason) || strings.HasSuffix(was.Notes, line) {
				return nil
			}
		}
		if note == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, q("seq-task-outcome-note"), id, line)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: task %d done: %w", id, err)
	}
	switch {
	case n == 0 && closed.Valid && note != "":
		return keepwarm.Errorf(keepwarm.ECONFLICT, "task %d was closed already at %s; the note is kept in the customer's notes",
			id, fromUnix(closed.Int64).In(now.Location()).Format("2006-01-02 15:04 MST"))
	case n == 0 && closed.Valid:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "task %d was closed already at %s", id, fromUnix(closed.Int64).In(now.Location()).Format("2006-01-02 15:04 MST"))
	case n == 0:
		return keepwarm.Errorf(keepwarm.ENOTFOUND, "no open task %d", id)
	}
	return nil
}

// Task reads one task, open or closed, with the answer that closed it
// (AnsweredBy, 0 for none); ENOTFOUND when there is none.
func (db *DB) Task(ctx context.Context, id int64) (keepwarm.Task, error) {
	var rows []taskRow
	if err := db.r.SelectContext(ctx, &rows, q("seq-task-get"), id); err != nil {
		return keepwarm.Task{}, fmt.Errorf("store: task %d: %w", id, err)
	}
	if len(rows) == 0 {
		return keepwarm.Task{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no task %d", id)
	}
	return taskRows(rows)[0], nil
}

// TaskAnswered closes an open task at now because the customer answered
// with message answer (outcome says who and when): no call happened, so
// nothing is added to the customer's notes, no reason for going quiet is
// recorded, and DoneTasks leaves it out. ENOTFOUND when there is no open
// task with that id.
func (db *DB) TaskAnswered(ctx context.Context, id int64, now time.Time, outcome string, answer int64) error {
	res, err := db.w.ExecContext(ctx, q("seq-task-answered"), unix(now), id, outcome, answer)
	if err != nil {
		return fmt.Errorf("store: task %d answered: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: task %d answered: %w", id, err)
	} else if n == 0 {
		return keepwarm.Errorf(keepwarm.ENOTFOUND, "no open task %d", id)
	}
	return nil
}
