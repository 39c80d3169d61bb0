package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm"
)

// outboxRow is one outbox row as stored.
type outboxRow struct {
	ID        int64  `db:"id"`
	Key       string `db:"key"`
	MessageID string `db:"message_id"`
	// SentCopy is the Message-ID a step filed in Drafts was sent under
	// (0388); read by SQL only.
	SentCopy string `db:"sent_copy"`
	// RefusedRecipients is set on a send failed because the server
	// refused its recipients (0412); read by SQL only.
	RefusedRecipients bool           `db:"refused_recipients"`
	Mailbox           string         `db:"mailbox"`
	FromName          string         `db:"from_name"`
	FromEmail         string         `db:"from_email"`
	ToAddrs           string         `db:"to_addrs"`
	CcAddrs           string         `db:"cc_addrs"`
	Subject           string         `db:"subject"`
	TextBody          string         `db:"text_body"`
	HTMLBody          string         `db:"html_body"`
	InReplyTo         string         `db:"in_reply_to"`
	Refs              string         `db:"refs"`
	Mode              string         `db:"mode"`
	Status            string         `db:"status"`
	Attempts          int            `db:"attempts"`
	NextAttemptAt     int64          `db:"next_attempt_at"`
	LastError         string         `db:"last_error"`
	AttemptedAt       sql.NullInt64  `db:"attempted_at"`
	CustomerID        sql.NullInt64  `db:"customer_id"`
	ThreadID          sql.NullInt64  `db:"thread_id"`
	Origin            string         `db:"origin"`
	Sequence          sql.NullString `db:"sequence"`
	Step              sql.NullInt64  `db:"step"`
	EnrollmentID      sql.NullInt64  `db:"enrollment_id"`
	DueAt             int64          `db:"due_at"`
	CreatedAt         int64          `db:"created_at"`
	SentAt            sql.NullInt64  `db:"sent_at"`
	AppendedAt        sql.NullInt64  `db:"appended_at"`
	Chat              string         `db:"chat"`
	AnchorID          int64          `db:"anchor_id"`
	SettledAt         sql.NullInt64  `db:"settled_at"`
	Settled           string         `db:"settled"`
	EndedAt           sql.NullInt64  `db:"ended_at"`
	AppendLost        bool           `db:"append_lost"`
	AppendLostAt      sql.NullInt64  `db:"append_lost_at"`
	StepName          string         `db:"step_name"`
	StepNth           int            `db:"step_nth"`
	TimeZone          string         `db:"time_zone"`
}

func obNullID(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }

func obTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromUnix(v.Int64)
}

func outboxRowOf(it keepwarm.OutboxItem) (outboxRow, error) {
	to, err := json.Marshal(obAddrs(it.To))
	if err != nil {
		return outboxRow{}, err
	}
	cc, err := json.Marshal(obAddrs(it.Cc))
	if err != nil {
		return outboxRow{}, err
	}
	r := outboxRow{
		Key: it.Key, MessageID: it.MessageID, Mailbox: it.Mailbox,
		FromName: it.From.Name, FromEmail: it.From.Email,
		ToAddrs: string(to), CcAddrs: string(cc),
		Subject: it.Subject, TextBody: it.Text, HTMLBody: it.HTML,
		InReplyTo: it.InReplyTo, Refs: strings.Join(it.References, " "),
		Mode: string(it.Mode), Status: string(it.Status),
		NextAttemptAt: unix(it.NextAttemptAt),
		CustomerID:    obNullID(it.CustomerID), ThreadID: obNullID(it.ThreadID),
		Origin: it.Origin, DueAt: unix(it.DueAt), CreatedAt: unix(it.CreatedAt),
		AnchorID: it.Anchor, StepName: it.StepName, StepNth: it.StepNth, TimeZone: it.TimeZone,
	}
	if it.Chat != nil {
		b, err := json.Marshal(it.Chat)
		if err != nil {
			return outboxRow{}, err
		}
		r.Chat = string(b)
	}
	if it.Sequence != "" {
		r.Sequence = sql.NullString{String: it.Sequence, Valid: true}
	}
	if it.Step != nil {
		r.Step = sql.NullInt64{Int64: int64(*it.Step), Valid: true}
	}
	if it.Enrollment != nil {
		r.EnrollmentID = sql.NullInt64{Int64: *it.Enrollment, Valid: true}
	}
	return r, nil
}

func obAddrs(a []keepwarm.Address) []keepwarm.Address {
	if a == nil {
		return []keepwarm.Address{}
	}
	return a
}

func (r outboxRow) item() (keepwarm.OutboxItem, error) {
	it := keepwarm.OutboxItem{
		ID: r.ID, Key: r.Key, MessageID: r.MessageID, Mailbox: r.Mailbox,
		From:    keepwarm.Address{Name: r.FromName, Email: r.FromEmail},
		Subject: r.Subject, Text: r.TextBody, HTML: r.HTMLBody, InReplyTo: r.InReplyTo,
		References: strings.Fields(r.Refs),
		Mode:       keepwarm.SendMode(r.Mode), Status: keepwarm.OutboxStatus(r.Status),
		Attempts: r.Attempts, NextAttemptAt: fromUnix(r.NextAttemptAt), LastError: r.LastError,
		CustomerID: r.CustomerID.Int64, ThreadID: r.ThreadID.Int64, Origin: r.Origin,
		Sequence: r.Sequence.String,
		DueAt:    fromUnix(r.DueAt), CreatedAt: fromUnix(r.CreatedAt),
		SentAt: obTime(r.SentAt), AppendedAt: obTime(r.AppendedAt),
		AttemptedAt: obTime(r.AttemptedAt), Anchor: r.AnchorID,
		SettledAt: obTime(r.SettledAt), Settled: r.Settled, EndedAt: obTime(r.EndedAt),
		AppendLost: r.AppendLost, AppendLostAt: obTime(r.AppendLostAt), StepName: r.StepName, StepNth: r.StepNth, TimeZone: r.TimeZone,
	}
	if r.Step.Valid {
		s := int(r.Step.Int64)
		it.Step = &s
	}
	if r.EnrollmentID.Valid {
		e := r.EnrollmentID.Int64
		it.Enrollment = &e
	}
	if err := json.Unmarshal([]byte(r.ToAddrs), &it.To); err != nil {
		return it, fmt.Errorf("outbox %d: to: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.CcAddrs), &it.Cc); err != nil {
		return it, fmt.Errorf("outbox %d: cc: %w", r.ID, err)
	}
	if len(it.Cc) == 0 {
		it.Cc = nil
	}
	if r.Chat != "" {
		it.Chat = new(keepwarm.ChatNote)
		if err := json.Unmarshal([]byte(r.Chat), it.Chat); err != nil {
			return it, fmt.Errorf("outbox %d: chat: %w", r.ID, err)
		}
	}
	return it, nil
}

// validateOutbox refuses an item the sending path could not send safely.
func validateOutbox(it keepwarm.OutboxItem) error {
	switch {
	case it.Key == "":
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item has no key")
	case it.MessageID == "" || strings.ContainsAny(it.MessageID, "<> \r\n"):
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q: bad message id %q", it.Key, it.MessageID)
	case it.Mailbox == "":
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q has no mailbox", it.Key)
	case it.From.Email == "":
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q has no From", it.Key)
	case len(it.To) == 0:
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q has no recipient", it.Key)
	}
	if ch, isChat := keepwarm.ChatChannelOf(it.Mailbox); isChat != (it.Chat != nil) || isChat && ch != it.Chat.Channel {
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q: mailbox %q does not match its chat channel", it.Key, it.Mailbox)
	}
	switch it.Mode {
	case keepwarm.ModeSend, keepwarm.ModeDraft, keepwarm.ModeDryRun:
	default:
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q: unknown mode %q", it.Key, it.Mode)
	}
	if it.TimeZone != "" {
		if _, err := time.LoadLocation(it.TimeZone); err != nil {
			return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %q: unknown time zone %q", it.Key, it.TimeZone)
		}
	}
	return nil
}

// Enqueue writes item as a queued outbox row, due at item.DueAt (and first
// tried at item.NextAttemptAt, DueAt when zero). It is idempotent on Key: when
// a row with the key exists, that row is returned with created false and
// nothing changes. CreatedAt must be set by the caller (from its Clock).
func (db *DB) Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	row, err := outboxRowFor(item)
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	var created bool
	var got outboxRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		got, created, err = insertOutbox(ctx, tx, row)
		return err
	})
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	it, err := got.item()
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	return it, created, nil
}

// EnqueueOverEmpty is Enqueue for a digest or summary a person asks for by
// hand: a record under item's key that it was found empty at its time (a
// dry-run item) is replaced by item in the same transaction. Any other item
// under the key is kept, as Enqueue keeps it.
func (db *DB) EnqueueOverEmpty(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return db.enqueueOver(ctx, item, "outbox-delete-empty-record")
}

// EnqueueOverFailed is EnqueueOverEmpty that also takes the key from an
// item under it that failed for good, which reached nobody: that item is
// kept, under the key with ":failed:<id>" added, so the outbox still lists
// it with its error. An item sent, queued, being sent or uncertain is kept
// under the key, and nothing is written.
func (db *DB) EnqueueOverFailed(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	return db.enqueueOver(ctx, item, "outbox-delete-empty-record", "outbox-set-aside-failed")
}

// enqueueOver runs the named queries, each given item's key, and enqueues
// item, all in one transaction.
func (db *DB) enqueueOver(ctx context.Context, item keepwarm.OutboxItem, clear ...string) (keepwarm.OutboxItem, bool, error) {
	row, err := outboxRowFor(item)
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	var created bool
	var got outboxRow
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, name := range clear {
			if _, err := tx.ExecContext(ctx, q(name), item.Key); err != nil {
				return err
			}
		}
		got, created, err = insertOutbox(ctx, tx, row)
		return err
	})
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	it, err := got.item()
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: enqueue %q: %w", item.Key, err)
	}
	return it, created, nil
}

// outboxRowFor checks a new item and gives it the state every new item
// starts in: queued, first tried at NextAttemptAt (DueAt when zero).
func outboxRowFor(item keepwarm.OutboxItem) (outboxRow, error) {
	if err := validateOutbox(item); err != nil {
		return outboxRow{}, err
	}
	item.Status = keepwarm.OutboxQueued
	// A customer's 1 MB Subject copied into a nudge must not break the send.
	item.Subject = keepwarm.ClipSubject(item.Subject)
	if item.NextAttemptAt.IsZero() {
		item.NextAttemptAt = item.DueAt
	}
	return outboxRowOf(item)
}

// insertOutbox writes row inside tx unless an item with its key exists, and
// returns the stored row; created says whether this call wrote it.
func insertOutbox(ctx context.Context, tx *sqlx.Tx, row outboxRow) (got outboxRow, created bool, err error) {
	res, err := tx.NamedExecContext(ctx, q("outbox-insert"), row)
	if err != nil {
		return got, false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return got, false, err
	}
	err = tx.GetContext(ctx, &got, q("outbox-by-key"), row.Key)
	return got, n == 1, err
}

// OutboxByKey returns the item with key; ok is false when there is none.
func (db *DB) OutboxByKey(ctx context.Context, key string) (keepwarm.OutboxItem, bool, error) {
	items, err := db.selectOutbox(ctx, "by key", q("outbox-by-key"), key)
	if err != nil || len(items) == 0 {
		return keepwarm.OutboxItem{}, false, err
	}
	return items[0], true, nil
}

// OutboxItem returns one item by id; ENOTFOUND when there is none.
func (db *DB) OutboxItem(ctx context.Context, id int64) (keepwarm.OutboxItem, error) {
	var r outboxRow
	if err := db.r.GetContext(ctx, &r, q("outbox-by-id"), id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return keepwarm.OutboxItem{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "outbox item %d not found", id)
		}
		return keepwarm.OutboxItem{}, fmt.Errorf("store: outbox item %d: %w", id, err)
	}
	it, err := r.item()
	if err != nil {
		return it, fmt.Errorf("store: %w", err)
	}
	return it, nil
}

// DueItem returns the next queued item of mailbox ("" = any) due at now,
// without claiming it: the dispatcher runs its pre-send sync first, so an
// item is in `sending` only while it is really being sent. ok is false when
// none is due.
func (db *DB) DueItem(ctx context.Context, mailbox string, now time.Time) (keepwarm.OutboxItem, bool, error) {
	items, err := db.selectOutbox(ctx, "due item", q("outbox-due-one"), unix(now), mailbox)
	if err != nil || len(items) == 0 {
		return keepwarm.OutboxItem{}, false, err
	}
	return items[0], true, nil
}

// Claim moves one queued item to `sending`, counting the attempt, and
// returns it; ok is false when it is no longer queued (skipped meanwhile).
func (db *DB) Claim(ctx context.Context, id int64, now time.Time) (keepwarm.OutboxItem, bool, error) {
	var r outboxRow
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("outbox-claim"), unix(now), id)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.GetContext(ctx, &r, q("outbox-by-id"), id)
	})
	if err != nil {
		return keepwarm.OutboxItem{}, false, fmt.Errorf("store: claim outbox item %d: %w", id, err)
	}
	if n == 0 {
		return keepwarm.OutboxItem{}, false, nil
	}
	it, err := r.item()
	if err != nil {
		return it, false, fmt.Errorf("store: %w", err)
	}
	return it, true, nil
}

// LastStepItem returns the latest outbox item of an enrollment's steps
// before step; ok is false when there is none.
func (db *DB) LastStepItem(ctx context.Context, enrollmentID int64, step int) (keepwarm.OutboxItem, bool, error) {
	items, err := db.selectOutbox(ctx, "last step item", q("outbox-last-step-item"), enrollmentID, step)
	if err != nil || len(items) == 0 {
		return keepwarm.OutboxItem{}, false, err
	}
	return items[0], true, nil
}

// StepItemsNamed returns an enrollment's steps' outbox items of the step
// named name (OutboxItem.StepName), whatever their status, the newest
// first, whatever step index they were queued at.
func (db *DB) StepItemsNamed(ctx context.Context, enrollmentID int64, name string) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "step items named", q("outbox-step-items-named"), enrollmentID, name)
}

// QueuedStepItems returns an enrollment's steps' outbox items still
// queued, the oldest first: whatever step they were queued at, which an
// edit of the sequence since may have moved (sequences.HeldStepAt).
func (db *DB) QueuedStepItems(ctx context.Context, enrollmentID int64) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "queued step items", q("outbox-queued-steps"), enrollmentID)
}

// FlagBounced marks addresses as bounced, as a bounce message naming them
// does (a 5xx at RCPT says the same); it returns how many contacts it
// flagged. Addresses that are no contact are left alone.
func (db *DB) FlagBounced(ctx context.Context, emails []string, now time.Time) (int, error) {
	lower := make([]string, len(emails))
	for i, e := range emails {
		lower[i] = strings.ToLower(strings.TrimSpace(e))
	}
	arg, err := json.Marshal(lower)
	if err != nil {
		return 0, fmt.Errorf("store: flag bounced: %w", err)
	}
	var n int64
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("outbox-flag-bounced"), unix(now), string(arg))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: flag bounced %v: %w", emails, err)
	}
	return int(n), nil
}

// ClaimDue moves up to limit queued items whose next attempt is due at now to
// `sending`, counting the attempt, in one transaction, and returns them. The
// attempt is recorded before any network I/O (mox's rule): if the process dies
// mid-send the row stays in `sending` and is reconciled, never blindly resent.
func (db *DB) ClaimDue(ctx context.Context, now time.Time, limit int) ([]keepwarm.OutboxItem, error) {
	return db.ClaimDueMailbox(ctx, "", now, limit)
}

// ClaimDueMailbox is ClaimDue restricted to one mailbox ("" = any), so the
// dispatcher can claim only what a mailbox's daily cap and gap allow.
func (db *DB) ClaimDueMailbox(ctx context.Context, mailbox string, now time.Time, limit int) ([]keepwarm.OutboxItem, error) {
	if limit <= 0 {
		return nil, nil
	}
	var rows []outboxRow
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, q("outbox-due-ids"), unix(now), mailbox, mailbox, limit); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, q("outbox-claim"), unix(now), id); err != nil {
				return err
			}
			var r outboxRow
			if err := tx.GetContext(ctx, &r, q("outbox-by-id"), id); err != nil {
				return err
			}
			rows = append(rows, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim due outbox items: %w", err)
	}
	return outboxItems(rows)
}

func outboxItems(rows []outboxRow) ([]keepwarm.OutboxItem, error) {
	out := make([]keepwarm.OutboxItem, 0, len(rows))
	for _, r := range rows {
		it, err := r.item()
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, it)
	}
	return out, nil
}

// markOutbox runs one state transition and reports ECONFLICT when the row was not
// in a state the transition starts from (someone else moved it on).
func (db *DB) markOutbox(ctx context.Context, what string, id int64, query string, args ...any) error {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: outbox %d %s: %w", id, what, err)
	}
	if n == 0 {
		return fmt.Errorf("store: outbox %d %s: %w", id, what,
			keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is not in a state that can become %s", id, what))
	}
	return nil
}

// SettleStoredCopy records a queued item as sent (a draft as drafted)
// when a message with its Message-ID is stored: its copy was synced from
// the mailbox's Sent (a draft's, once the salesperson sent it; Drafts is
// not synced), so it went out already, though the database says queued
// (a backup taken while it was queued has been restored since). It returns
// the status it recorded, and ok false when the item is not so.
func (db *DB) SettleStoredCopy(ctx context.Context, id int64, now time.Time) (keepwarm.OutboxStatus, bool, error) {
	var status keepwarm.OutboxStatus
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("outbox-settle-stored-copy"), unix(now), id)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.GetContext(ctx, &status, `SELECT status FROM outbox WHERE id = ?`, id)
	})
	if err != nil {
		return "", false, fmt.Errorf("store: outbox %d: look for its stored copy: %w", id, err)
	}
	return status, n > 0, nil
}

// MarkSent records that the SMTP server accepted the item at now.
func (db *DB) MarkSent(ctx context.Context, id int64, now time.Time) error {
	return db.markOutbox(ctx, "sent", id, q("outbox-mark-sent"), unix(now), id)
}

// MarkFailed records a permanent failure (5xx, or attempts exhausted).
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string) error {
	return db.markOutbox(ctx, "failed", id, q("outbox-mark-failed"), reason, db.endedAt(), id)
}

// MarkRefused marks a claimed item failed because the server refused its
// recipients (addresses that do not exist): unlike MarkFailed's, such a
// failure says nothing about its mailbox (FailingSenders leaves it out).
func (db *DB) MarkRefused(ctx context.Context, id int64, reason string) error {
	return db.markOutbox(ctx, "failed", id, q("outbox-mark-failed-refused"), reason, db.endedAt(), id)
}

// MarkRetry puts a claimed item back in the queue for nextAt after a
// temporary failure, keeping the error for the report.
func (db *DB) MarkRetry(ctx context.Context, id int64, nextAt time.Time, reason string) error {
	return db.markOutbox(ctx, "queued for retry", id, q("outbox-mark-retry"), unix(nextAt), reason, id)
}

// MarkRetryAppendLost is MarkRetry for a draft whose APPEND to Drafts was
// started and its answer lost: it may be in Drafts, or sent from there
// under a new Message-ID. The item keeps that (AppendLost) through later
// failures, holds and waits, until MarkDrafted.
func (db *DB) MarkRetryAppendLost(ctx context.Context, id int64, nextAt time.Time, reason string) error {
	return db.markOutbox(ctx, "queued for retry", id, q("outbox-mark-retry-append-lost"), unix(nextAt), reason, id)
}

// MarkUncertain records that the item may or may not have been delivered. No
// automatic step moves it again.
func (db *DB) MarkUncertain(ctx context.Context, id int64, reason string) error {
	return db.markOutbox(ctx, "uncertain", id, q("outbox-mark-uncertain"), reason, db.endedAt(), id)
}

// MarkDrafted records that the item was placed in Drafts at now.
func (db *DB) MarkDrafted(ctx context.Context, id int64, now time.Time) error {
	return db.markOutbox(ctx, "drafted", id, q("outbox-mark-drafted"), unix(now), unix(now), id)
}

// HoldOutbox keeps a queued item queued, unclaimed, until until, with the
// reason on it (a pre-send check's keepwarm.Hold).
func (db *DB) HoldOutbox(ctx context.Context, id int64, until time.Time, reason string) error {
	return db.markOutbox(ctx, "held", id, q("outbox-hold"), unix(until), reason, id)
}

// ReleaseHeld makes the queued items held with a reason beginning with
// prefix due at now (what held them is over: follow-ups held until the
// files were fixed and keepwarm run restarted). It returns how many.
func (db *DB) ReleaseHeld(ctx context.Context, prefix string, now time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-release-held"), prefix, unix(now))
	if err != nil {
		return 0, fmt.Errorf("store: release items held as %q: %w", prefix, err)
	}
	return res.RowsAffected()
}

// ReleaseHeldOf is ReleaseHeld for the items of one enrollment: a person
// resumed it, so what held its mail may be fixed.
func (db *DB) ReleaseHeldOf(ctx context.Context, enrollmentID int64, prefix string, now time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-release-held-of"), prefix, unix(now), enrollmentID)
	if err != nil {
		return 0, fmt.Errorf("store: release items of enrollment %d held as %q: %w", enrollmentID, prefix, err)
	}
	return res.RowsAffected()
}

// HoldDue writes reason on mailbox's queued items due at now, which stay
// queued and due: they wait for something of their mailbox (its first
// sync) that has no time of its own. It returns how many it wrote on.
func (db *DB) HoldDue(ctx context.Context, mailbox string, now time.Time, reason string) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q("outbox-hold-due"), reason, unix(now), mailbox)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: outbox of %s: hold: %w", mailbox, err)
	}
	return int(n), nil
}

// Unclaim puts a claimed item back in the queue until until, with the
// reason on it, taking back the attempt its claim counted: it waits for its
// mailbox's sake (no Drafts folder, the provider's limit), not its own.
func (db *DB) Unclaim(ctx context.Context, id int64, until time.Time, reason string) error {
	return db.markOutbox(ctx, "queued again", id, q("outbox-unclaim"), unix(until), reason, id)
}

// MarkSkipped drops a queued or claimed item without sending it (dry-run, or a
// stop rule that fired just before the send).
func (db *DB) MarkSkipped(ctx context.Context, id int64, reason string) error {
	return db.markOutbox(ctx, "skipped", id, q("outbox-mark-skipped"), reason, db.endedAt(), id)
}

// NarrowOutbox sends a queued item to fewer recipients: the pre-send check
// dropped some that bounced or opted out since it was queued. to must not
// be empty (the one the mail greets); cc may be. ECONFLICT when the item is
// no longer queued.
func (db *DB) NarrowOutbox(ctx context.Context, id int64, to, cc []keepwarm.Address) error {
	if len(to) == 0 {
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %d: no recipient left", id)
	}
	tb, err := json.Marshal(to)
	if err != nil {
		return fmt.Errorf("store: outbox %d narrowed: %w", id, err)
	}
	if cc == nil {
		cc = []keepwarm.Address{}
	}
	cb, err := json.Marshal(cc)
	if err != nil {
		return fmt.Errorf("store: outbox %d narrowed: %w", id, err)
	}
	return db.markOutbox(ctx, "narrowed", id, q("outbox-narrow"), string(tb), string(cb), id)
}

// NarrowChat posts a queued chat item to fewer readers: to (not empty),
// with note, which @-mentions fewer of them (the manager's copy by mail
// reached the others). ECONFLICT when the item is no longer queued.
func (db *DB) NarrowChat(ctx context.Context, id int64, to []keepwarm.Address, note keepwarm.ChatNote) error {
	if len(to) == 0 {
		return keepwarm.Errorf(keepwarm.EINVALID, "outbox item %d: no reader left", id)
	}
	tb, err := json.Marshal(to)
	if err != nil {
		return fmt.Errorf("store: outbox %d narrowed: %w", id, err)
	}
	nb, err := json.Marshal(note)
	if err != nil {
		return fmt.Errorf("store: outbox %d narrowed: %w", id, err)
	}
	return db.markOutbox(ctx, "narrowed", id, q("outbox-narrow-chat"), string(tb), string(nb), id)
}

// ReheadQueued gives queued mail id the text text (the mail instead of a
// chat post that ended uncertain: its first line says so); ECONFLICT when
// it is no longer queued.
func (db *DB) ReheadQueued(ctx context.Context, id int64, text string) error {
	return db.markOutbox(ctx, "reheaded", id, q("outbox-rehead-queued"), text, id)
}

// MarkAppended records that the sent item's copy was filed in Sent (or that
// the server files it itself). A CopyUnfiled note on it goes.
func (db *DB) MarkAppended(ctx context.Context, id int64, now time.Time) error {
	return db.markOutbox(ctx, "appended", id, q("outbox-mark-appended"), unix(now), id)
}

// CopyUnfiled begins the note on a sent item whose copy the server did not
// take yet (NoteCopyUnfiled); MarkAppended takes it off.
const CopyUnfiled = "its copy is not filed in Sent: "

// CopyUnfiledWhy returns the server's answer from a sent item's note when
// its copy is not filed in Sent yet (NoteCopyUnfiled), whether the note is
// alone or after an earlier one ("arrived, as ... learnt; its copy ...").
func CopyUnfiledWhy(note string) (string, bool) {
	if why, ok := strings.CutPrefix(note, CopyUnfiled); ok {
		return why, true
	}
	if _, why, ok := strings.Cut(note, "; "+CopyUnfiled); ok {
		return why, true
	}
	return "", false
}

// NoteCopyUnfiled writes why the sent item's copy is not filed in Sent yet
// (CopyUnfiled + the server's answer) and when it is tried again (its
// NextAttemptAt): both outlive a restart, and `keepwarm check` says why. A
// note on the item already is kept before it.
func (db *DB) NoteCopyUnfiled(ctx context.Context, id int64, why string, retry time.Time) error {
	return db.markOutbox(ctx, "copy unfiled", id, q("outbox-copy-unfiled"), CopyUnfiled+why, id, unix(retry))
}

// GiveUpCopy records that the sent item's copy will not be filed in Sent
// (the server refused that message for good), with note: it is tried no
// more and holds nothing.
func (db *DB) GiveUpCopy(ctx context.Context, id int64, now time.Time, note string) error {
	return db.markOutbox(ctx, "copy given up", id, q("outbox-copy-given-up"), unix(now), note, id)
}

// HoldDueCopies keeps mailbox's queued mail to customers due at now
// queued until until, with reason, no attempt counted: a copy the mailbox
// sent before is not filed in Sent. It returns how many.
func (db *DB) HoldDueCopies(ctx context.Context, mailbox string, now, until time.Time, reason string) (int, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-hold-due-copies"), reason, unix(until), unix(now), mailbox)
	if err != nil {
		return 0, fmt.Errorf("store: outbox of %s: hold for its copies: %w", mailbox, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ReleaseHeldIn is ReleaseHeld for the items of one mailbox.
func (db *DB) ReleaseHeldIn(ctx context.Context, mailbox, prefix string, now time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, q("outbox-release-held-in"), prefix, unix(now), mailbox)
	if err != nil {
		return 0, fmt.Errorf("store: release items of %s held as %q: %w", mailbox, prefix, err)
	}
	return res.RowsAffected()
}

// HeldUntil is when mailbox's queued items held with a reason beginning
// with prefix are due again, the latest of them; ok false when none is.
func (db *DB) HeldUntil(ctx context.Context, mailbox, prefix string) (at time.Time, ok bool, err error) {
	var v sql.NullInt64
	if err := db.r.GetContext(ctx, &v, q("outbox-held-until-in"), prefix, mailbox); err != nil {
		return time.Time{}, false, fmt.Errorf("store: items of %s held as %q: %w", mailbox, prefix, err)
	}
	return obTime(v), v.Valid, nil
}

// MarkArrived records what a person learnt from the recipient: an
// uncertain item arrived. It becomes sent, at its attempt, with note; its
// copy is then filed in Sent. An uncertain draft (one a crash interrupted
// while filing it) the person found in Drafts, or sent herself, becomes
// drafted instead, at the attempt that filed it (one whose APPEND lost its
// answer: that attempt's claim, AppendLostAt), as does such a draft given
// up as failed (it may be in Drafts just the same). ECONFLICT when it is no longer uncertain, or was dealt
// with already (settled: a step sent again after it, whose copy is in
// Sent; marking the old one would file a second), saying when.
func (db *DB) MarkArrived(ctx context.Context, id int64, note string) error {
	err := db.markOutbox(ctx, "sent (arrived)", id, q("outbox-arrived"), note, id)
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		return err
	}
	mayBeFiled := func(it keepwarm.OutboxItem) bool {
		return it.Status == keepwarm.OutboxUncertain || (it.Status == keepwarm.OutboxFailed && it.Mode == keepwarm.ModeDraft && it.AppendLost)
	}
	if it, gerr := db.OutboxItem(ctx, id); gerr == nil && mayBeFiled(it) && !it.SettledAt.IsZero() {
		return fmt.Errorf("store: outbox %d sent (arrived): %w", id, keepwarm.Errorf(keepwarm.ECONFLICT,
			"outbox item %d was dealt with at %s: nothing changed", id, it.SettledAt.UTC().Format("2006-01-02 15:04 MST")))
	}
	return err
}

// MarkSendArrived records what person by learnt of an uncertain send that
// is not answered on a follow-up (a greeting, a letter, a "received"
// draft; the desk's "It arrived", `keepwarm outbox arrived`), with the note
// the audit trail keeps, and returns the item as it was. A step of a
// follow-up its send stopped is refused (ECONFLICT): it is answered on the
// follow-up (FollowUp.Arrived, through MarkArrived), which also goes on
// with the next step. Otherwise as MarkArrived.
func (db *DB) MarkSendArrived(ctx context.Context, id int64, by string) (keepwarm.OutboxItem, error) {
	it, err := db.OutboxItem(ctx, id)
	if err != nil {
		return it, err
	}
	if it.Enrollment != nil {
		e, err := db.GetEnrollment(ctx, *it.Enrollment)
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			return it, err
		}
		if err == nil && e.Status == keepwarm.EnrollFailed {
			return it, fmt.Errorf("store: outbox %d sent (arrived): %w", id, keepwarm.Errorf(keepwarm.ECONFLICT,
				"outbox item %d is a step of a stopped follow-up: resume it, send it again or stop it there (keepwarm resume %d --arrived or --resend)", id, e.ID))
		}
	}
	note := "arrived, as " + by + " learnt from the recipient"
	if it.Mode == keepwarm.ModeDraft {
		note = "in Drafts or sent, as " + by + " found"
	}
	if it.Chat != nil {
		note = "posted, as " + by + " found in the group"
	}
	return it, db.MarkArrived(ctx, id, note)
}

// SettleOutbox records that a person dealt with a failed or uncertain item,
// or with a draft keepwarm could not take out of Drafts (StaleDrafts)
// (note says how): it keeps its status and error, and the lists of sends
// that need someone stop showing it. ECONFLICT when it is not failed,
// uncertain or drafted, or was settled already, and is no such draft
// either (a follow-up step's that may be in Drafts was settled when its
// follow-up ended: only the draft is marked dealt with).
func (db *DB) SettleOutbox(ctx context.Context, id int64, note string, now time.Time) error {
	var n int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) (err error) {
		n, err = execEach(ctx, tx, stmt{q("ack-dealt"), []any{unix(now), id}}, stmt{q("outbox-settle"), []any{unix(now), note, id}})
		return err
	})
	if err != nil {
		return fmt.Errorf("store: outbox %d settled: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: outbox %d settled: %w", id,
			keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is not in a state that can become settled", id))
	}
	return nil
}

// StuckSending lists items left in `sending`. Called at start-up, before the
// dispatcher runs, these are sends a crash interrupted: reconcile them.
func (db *DB) StuckSending(ctx context.Context) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "stuck sending", q("outbox-stuck-sending"))
}

// PendingAppend lists sent items whose copy has not been filed in Sent yet
// (a crash between the SMTP send and the APPEND).
func (db *DB) PendingAppend(ctx context.Context) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "pending append", q("outbox-pending-append"))
}

// SentBetween lists the items of origin sent or placed in Drafts in
// [since, until), in that order: a period's, not every one ever sent.
func (db *DB) SentBetween(ctx context.Context, origin string, since, until time.Time) ([]keepwarm.OutboxItem, error) {
	return db.selectOutbox(ctx, "sent between", q("outbox-sent-between"), origin, unix(since), unix(until))
}

// EndedUnsent lists the greetings and letters that ended unsent (skipped,
// failed, uncertain) in [since, until) and were due before since, dry-run
// records left out: their keys and due times only, read through the index
// on when they ended (0532), so a digest reads one period's, not every one
// ever recorded, nor their bodies.
func (db *DB) EndedUnsent(ctx context.Context, since, until time.Time) ([]keepwarm.OutboxItem, error) {
	var rows []struct {
		Key   string `db:"key"`
		DueAt int64  `db:"due_at"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("outbox-ended-unsent"), unix(since), unix(until)); err != nil {
		return nil, fmt.Errorf("store: outbox ended unsent: %w", err)
	}
	out := make([]keepwarm.OutboxItem, len(rows))
	for i, r := range rows {
		out[i] = keepwarm.OutboxItem{Key: r.Key, DueAt: fromUnix(r.DueAt)}
	}
	return out, nil
}

// ListOutbox lists items matching f, oldest first.
func (db *DB) ListOutbox(ctx context.Context, f keepwarm.OutboxFilter) ([]keepwarm.OutboxItem, error) {
	var statuses string
	if len(f.Status) > 0 {
		parts := make([]string, len(f.Status))
		for i, s := range f.Status {
			parts[i] = string(s)
		}
		statuses = "," + strings.Join(parts, ",") + ","
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	return db.selectOutbox(ctx, "list", q("outbox-list"), f.Mailbox, f.Mailbox, statuses, statuses,
		f.CustomerID, f.CustomerID, f.Origin, f.Origin, limit)
}

func (db *DB) selectOutbox(ctx context.Context, what, query string, args ...any) ([]keepwarm.OutboxItem, error) {
	var rows []outboxRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("store: outbox %s: %w", what, err)
	}
	return outboxItems(rows)
}

// NextDue returns when the earliest queued item of mailbox ("" = any) falls
// due; ok is false when there is none. The dispatcher sets its timer to it.
func (db *DB) NextDue(ctx context.Context, mailbox string) (at time.Time, ok bool, err error) {
	var v sql.NullInt64
	if err := db.r.GetContext(ctx, &v, q("outbox-next-due"), mailbox, mailbox); err != nil {
		return time.Time{}, false, fmt.Errorf("store: outbox next due: %w", err)
	}
	return obTime(v), v.Valid, nil
}

// SentCount counts the send attempts from mailbox that may have reached its
// SMTP server (sent, uncertain or in flight) started in [dayStart, dayEnd):
// what the daily cap is checked against.
func (db *DB) SentCount(ctx context.Context, mailbox string, dayStart, dayEnd time.Time) (int, error) {
	var n int
	if err := db.r.GetContext(ctx, &n, q("outbox-sent-count"), mailbox, unix(dayStart), unix(dayEnd)); err != nil {
		return 0, fmt.Errorf("store: outbox sent count %s: %w", mailbox, err)
	}
	return n, nil
}

// LettersQueuedSince counts the monthly letters of mailbox queued since
// since that went out or may still go out (letters_per_day at queue time).
func (db *DB) LettersQueuedSince(ctx context.Context, mailbox string, since time.Time) (int, error) {
	var n int
	if err := db.r.GetContext(ctx, &n, q("outbox-letters-queued-since"), mailbox, unix(since)); err != nil {
		return 0, fmt.Errorf("store: letters queued since %s: %w", mailbox, err)
	}
	return n, nil
}

// LastSentAt returns the start of the latest send attempt from mailbox that
// may have reached the server; ok is false when there was none.
func (db *DB) LastSentAt(ctx context.Context, mailbox string) (at time.Time, ok bool, err error) {
	var v sql.NullInt64
	if err := db.r.GetContext(ctx, &v, q("outbox-last-sent-at"), mailbox); err != nil {
		return time.Time{}, false, fmt.Errorf("store: outbox last sent %s: %w", mailbox, err)
	}
	return obTime(v), v.Valid, nil
}

// AutomatedWaiting returns, per address, when the mail keepwarm wrote to
// it in a salesperson's name (sequences, greetings, letters) that was
// queued before before and has not gone yet was queued, oldest first.
func (db *DB) AutomatedWaiting(ctx context.Context, emails []string, before time.Time) (map[string][]time.Time, error) {
	return db.automated(ctx, "outbox-automated-waiting", emails, before)
}

// AutomatedSince returns, per address, when the mail keepwarm wrote to it in
// a salesperson's name (sequences, greetings, letters) went out since
// since, oldest first; items still queued or being sent count at their
// creation, failed and skipped ones not at all.
func (db *DB) AutomatedSince(ctx context.Context, emails []string, since time.Time) (map[string][]time.Time, error) {
	return db.automated(ctx, "outbox-automated-since", emails, since)
}

// automated runs query (outbox-automated-since or -waiting) for emails
// and at.
func (db *DB) automated(ctx context.Context, query string, emails []string, at time.Time) (map[string][]time.Time, error) {
	lower := make([]string, len(emails))
	for i, e := range emails {
		lower[i] = strings.ToLower(strings.TrimSpace(e))
	}
	arg, err := json.Marshal(lower)
	if err != nil {
		return nil, fmt.Errorf("store: automated mail since: %w", err)
	}
	var rows []struct {
		Email string `db:"email"`
		At    int64  `db:"at"`
	}
	if err := db.r.SelectContext(ctx, &rows, q(query), string(arg), unix(at)); err != nil {
		return nil, fmt.Errorf("store: automated mail since: %w", err)
	}
	out := map[string][]time.Time{}
	for _, r := range rows {
		out[r.Email] = append(out[r.Email], fromUnix(r.At))
	}
	return out, nil
}
