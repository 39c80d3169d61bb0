package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// FolderSync is when one folder of one mailbox was last brought up to date.
type FolderSync struct {
	Mailbox  string
	Folder   string
	LastUID  uint32
	SyncedAt time.Time // zero when never completed
	// GoneSince is when sync first found this configured folder missing
	// from the server (FolderGone); zero while it is there.
	GoneSince time.Time
}

// MailboxSync is how a mailbox's sync is doing: when it last completed a
// pass (or an IDLE round), and the last failure since then.
type MailboxSync struct {
	Mailbox       string
	PassAt        time.Time // zero when no pass has completed
	FailedAt      time.Time // zero when nothing failed since the last pass
	Failure       string
	CannotConnect bool // the failure came before a session began (connect, TLS, login)
}

// Ops is what an operator watches: sync freshness, the outbox, open clocks.
// It is read at each scrape, so the figures are the database's, never a
// counter that drifts from it.
type Ops struct {
	Stats
	Mailboxes      map[string]MailboxSync
	Folders        []FolderSync
	OutboxByStatus map[string]int
	// UncertainToCheck are the uncertain sends no one has dealt with yet
	// (OutboxByStatus counts every uncertain item, settled or not).
	UncertainToCheck int
	OpenReplyClocks  int
}

// OpsSnapshot reads the figures behind /metrics and /healthz.
func (db *DB) OpsSnapshot(ctx context.Context) (Ops, error) {
	var o Ops
	st, err := db.Stats(ctx)
	if err != nil {
		return o, err
	}
	o.Stats = st
	var folders []struct {
		Mailbox   string `db:"mailbox"`
		Folder    string `db:"folder"`
		LastUID   uint32 `db:"last_uid"`
		SyncedAt  int64  `db:"synced_at"`
		GoneSince int64  `db:"gone_since"`
	}
	if err := db.r.SelectContext(ctx, &folders, q("ops-folders")); err != nil {
		return o, fmt.Errorf("store: ops folders: %w", err)
	}
	for _, f := range folders {
		fs := FolderSync{Mailbox: f.Mailbox, Folder: f.Folder, LastUID: f.LastUID}
		if f.SyncedAt > 0 {
			fs.SyncedAt = fromUnix(f.SyncedAt)
		}
		if f.GoneSince > 0 {
			fs.GoneSince = fromUnix(f.GoneSince)
		}
		o.Folders = append(o.Folders, fs)
	}
	var mailboxes []struct {
		Mailbox       string `db:"mailbox"`
		PassAt        int64  `db:"pass_at"`
		FailedAt      int64  `db:"failed_at"`
		Failure       string `db:"failure"`
		CannotConnect bool   `db:"cannot_connect"`
	}
	if err := db.r.SelectContext(ctx, &mailboxes, q("ops-mailboxes")); err != nil {
		return o, fmt.Errorf("store: ops mailboxes: %w", err)
	}
	o.Mailboxes = make(map[string]MailboxSync, len(mailboxes))
	for _, m := range mailboxes {
		ms := MailboxSync{Mailbox: m.Mailbox, Failure: m.Failure, CannotConnect: m.CannotConnect}
		if m.PassAt > 0 {
			ms.PassAt = fromUnix(m.PassAt)
		}
		if m.FailedAt > 0 {
			ms.FailedAt = fromUnix(m.FailedAt)
		}
		o.Mailboxes[m.Mailbox] = ms
	}
	var byStatus []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := db.r.SelectContext(ctx, &byStatus, q("ops-outbox-by-status")); err != nil {
		return o, fmt.Errorf("store: ops outbox: %w", err)
	}
	o.OutboxByStatus = map[string]int{}
	for _, s := range byStatus {
		o.OutboxByStatus[s.Status] = s.N
	}
	if err := db.r.GetContext(ctx, &o.UncertainToCheck, q("ops-uncertain-to-check")); err != nil {
		return o, fmt.Errorf("store: ops uncertain sends: %w", err)
	}
	if err := db.r.GetContext(ctx, &o.OpenReplyClocks, q("ops-open-reply-clocks")); err != nil {
		return o, fmt.Errorf("store: ops reply clocks: %w", err)
	}
	return o, nil
}

// MailboxSyncOf is the sync state of one mailbox, as OpsSnapshot reads it;
// the zero MailboxSync (its name set) when none was recorded.
func (db *DB) MailboxSyncOf(ctx context.Context, mailbox string) (MailboxSync, error) {
	ms := MailboxSync{Mailbox: mailbox}
	var row struct {
		Mailbox       string `db:"mailbox"`
		PassAt        int64  `db:"pass_at"`
		FailedAt      int64  `db:"failed_at"`
		Failure       string `db:"failure"`
		CannotConnect bool   `db:"cannot_connect"`
	}
	err := db.r.GetContext(ctx, &row, q("mailbox-sync-get"), mailbox)
	if errors.Is(err, sql.ErrNoRows) {
		return ms, nil
	}
	if err != nil {
		return ms, fmt.Errorf("store: sync of %s: %w", mailbox, err)
	}
	ms.Failure, ms.CannotConnect = row.Failure, row.CannotConnect
	if row.PassAt > 0 {
		ms.PassAt = fromUnix(row.PassAt)
	}
	if row.FailedAt > 0 {
		ms.FailedAt = fromUnix(row.FailedAt)
	}
	return ms, nil
}

// SyncAlive records that a sync pass (or an IDLE round) of mailbox
// completed at now and that folders were found up to date then, whether or
// not anything was new: a quiet mailbox is alive. It clears the failure
// recorded since the last pass.
func (db *DB) SyncAlive(ctx context.Context, mailbox string, folders []string, now time.Time) error {
	names, err := json.Marshal(folders)
	if err != nil {
		return fmt.Errorf("store: sync alive %s: %w", mailbox, err)
	}
	// A health stamp, written again by the next pass: its commit need not
	// wait for the disk (nor run a checkpoint the checkpointer can run).
	err = db.inRelaxedTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("sync-alive"), mailbox, unix(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("sync-alive-folders"), mailbox, string(names), unix(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: sync alive %s: %w", mailbox, err)
	}
	return nil
}

// FolderGone records that a configured folder sync had synced before was
// not on the server at now; the first such time is kept, and the folder's
// next sync or up-to-date check clears it. Its position stays, for when
// it comes back.
func (db *DB) FolderGone(ctx context.Context, mailbox, folder string, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, q("folder-gone"), mailbox, folder, unix(now)); err != nil {
		return fmt.Errorf("store: folder gone %s/%s: %w", mailbox, folder, err)
	}
	return nil
}

// FoldersOnlyGone clears the gone marks of mailbox's folders but those in
// gone: folders the configuration no longer names (taken out after they
// went), or that are back, are not reported as gone any more.
func (db *DB) FoldersOnlyGone(ctx context.Context, mailbox string, gone []string) error {
	js, err := json.Marshal(append([]string{}, gone...)) // [], not null: json_each(null) is one NULL

	if err != nil {
		return err
	}
	if _, err := db.w.ExecContext(ctx, q("folders-only-gone"), mailbox, string(js)); err != nil {
		return fmt.Errorf("store: folders gone %s: %w", mailbox, err)
	}
	return nil
}

// SyncFailed records why an attempt to sync mailbox failed at now;
// cannotConnect says it failed before a session began (connect, TLS, login).
func (db *DB) SyncFailed(ctx context.Context, mailbox string, now time.Time, reason string, cannotConnect bool) error {
	if _, err := db.w.ExecContext(ctx, q("sync-failed"), mailbox, unix(now), reason, cannotConnect); err != nil {
		return fmt.Errorf("store: sync failed %s: %w", mailbox, err)
	}
	return nil
}
