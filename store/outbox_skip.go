package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// EnqueueSkipped writes item as a skipped outbox row with reason, in one
// transaction, so it is never claimed: a step that must not be sent (its
// template would say nothing) is still recorded where the salesperson
// looks (outbox, digest). Idempotent on Key as Enqueue is.
func (db *DB) EnqueueSkipped(ctx context.Context, item keepwarm.OutboxItem, reason string) (keepwarm.OutboxItem, bool, error) {
	row, err := outboxRowFor(item)
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue skipped %q: %w", item.Key, err)
	}
	row.Status = string(keepwarm.OutboxSkipped)
	var created bool
	var got outboxRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if got, created, err = insertOutbox(ctx, tx, row); err != nil || !created {
			return err
		}
		if _, err := tx.ExecContext(ctx, q("outbox-set-last-error"), reason, got.ID); err != nil {
			return err
		}
		got.LastError = reason
		return nil
	})
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue skipped %q: %w", item.Key, err)
	}
	it, err := got.item()
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue skipped %q: %w", item.Key, err)
	}
	return it, created, nil
}

// SkipMailStep records item, a mail step a person skipped ("Skip this
// step"), as a skipped outbox row with reason, and writes e, the
// follow-up moved on past it, in one transaction: both or neither. An
// item with the key already that is not skipped (the tick queued the
// mail at the same instant) is returned as it is, created false, and e is
// not written. e changed since it was read (e.Rev) is ECONFLICT with
// nothing recorded: a skipped record left without its follow-up moved on
// would make the tick, when it reaches the step, send nothing although
// her Skip failed and the desk still said the mail was coming.
func (db *DB) SkipMailStep(ctx context.Context, item keepwarm.OutboxItem, reason string, e keepwarm.Enrollment) (keepwarm.OutboxItem, keepwarm.Enrollment, bool, error) {
	row, err := outboxRowFor(item)
	if err != nil {
		return keepwarm.OutboxItem{}, e, false, fmt.Errorf("store: skip mail step %q: %w", item.Key, err)
	}
	row.Status = string(keepwarm.OutboxSkipped)
	erow, err := enrollmentRowOf(e)
	if err != nil {
		return keepwarm.OutboxItem{}, e, false, fmt.Errorf("store: skip mail step %q: %w", item.Key, err)
	}
	erow.Rev = e.Rev
	var created, written bool
	var got outboxRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		if got, created, err = insertOutbox(ctx, tx, row); err != nil {
			return err
		}
		if created {
			if _, err := tx.ExecContext(ctx, q("outbox-set-last-error"), reason, got.ID); err != nil {
				return err
			}
			got.LastError = reason
		} else if got.Status != string(keepwarm.OutboxSkipped) {
			return nil
		}
		written = true
		return updateEnrollmentTx(ctx, tx, e, erow)
	})
	if err != nil {
		return keepwarm.OutboxItem{}, e, false, fmt.Errorf("store: skip mail step %q: %w", item.Key, err)
	}
	it, err := got.item()
	if err != nil {
		return keepwarm.OutboxItem{}, e, false, fmt.Errorf("store: skip mail step %q: %w", item.Key, err)
	}
	if written {
		e.Rev++
	}
	return it, e, created, nil
}
