package store

import (
	"context"
	"fmt"
	"time"
)

// FolderSync is when one folder of one mailbox was last brought up to date.
type FolderSync struct {
	Mailbox  string
	Folder   string
	LastUID  uint32
	SyncedAt time.Time // zero when never completed
}

// Ops is what an operator watches: sync freshness, the outbox, open clocks.
// It is read at each scrape, so the figures are the database's, never a
// counter that drifts from it.
type Ops struct {
	Stats
	Folders         []FolderSync
	OutboxByStatus  map[string]int
	OpenReplyClocks int
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
		Mailbox  string `db:"mailbox"`
		Folder   string `db:"folder"`
		LastUID  uint32 `db:"last_uid"`
		SyncedAt int64  `db:"synced_at"`
	}
	if err := db.r.SelectContext(ctx, &folders, q("ops-folders")); err != nil {
		return o, fmt.Errorf("store: ops folders: %w", err)
	}
	for _, f := range folders {
		fs := FolderSync{Mailbox: f.Mailbox, Folder: f.Folder, LastUID: f.LastUID}
		if f.SyncedAt > 0 {
			fs.SyncedAt = fromUnix(f.SyncedAt)
		}
		o.Folders = append(o.Folders, fs)
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
	if err := db.r.GetContext(ctx, &o.OpenReplyClocks, q("ops-open-reply-clocks")); err != nil {
		return o, fmt.Errorf("store: ops reply clocks: %w", err)
	}
	return o, nil
}
