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
