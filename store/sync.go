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

// FolderState returns the sync position of one folder of one mailbox, or a
// *keepwarm.Error with code ENOTFOUND when the folder was never synced.
func (db *DB) FolderState(ctx context.Context, mailbox, folder string) (keepwarm.FolderState, error) {
	var (
		st       keepwarm.FolderState
		syncedAt sql.NullInt64
	)
	err := db.r.QueryRowContext(ctx, q("folder-state"), mailbox, folder).Scan(
		&st.Mailbox, &st.Folder, &st.UIDValidity, &st.LastUID, &st.HighestModSeq, &syncedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return keepwarm.FolderState{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "folder %s of mailbox %s was never synced", folder, mailbox)
	}
	if err != nil {
		return keepwarm.FolderState{}, fmt.Errorf("store: folder state %s/%s: %w", mailbox, folder, err)
	}
	if syncedAt.Valid {
		st.SyncedAt = fromUnix(syncedAt.Int64)
	}
	return st, nil
}

// ResetFolder starts a folder again after a UIDVALIDITY change: it deletes
// every copy stored for the folder and sets its position to uidValidity with
// no UIDs and no modseq seen. Messages stay, so refetching the folder finds
// them by Key and adds copies only.
func (db *DB) ResetFolder(ctx context.Context, mailbox, folder string, uidValidity uint32) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, q("folder-delete-copies"), mailbox, folder); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, q("folder-reset"), mailbox, folder, uidValidity)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: reset folder %s/%s: %w", mailbox, folder, err)
	}
	return nil
}

// saveFolder records a folder's position inside tx.
func saveFolder(ctx context.Context, tx *sqlx.Tx, st keepwarm.FolderState) error {
	_, err := tx.ExecContext(ctx, q("folder-save"), st.Mailbox, st.Folder, st.UIDValidity,
		st.LastUID, int64(st.HighestModSeq), nullableUnix(st.SyncedAt))
	return err
}

// Stats counts what the database holds, for sync's summary line.
type Stats struct {
	Messages  int            `json:"messages" db:"messages"`
	Flagged   int            `json:"flagged" db:"flagged"` // stored raw with a parse error
	Threads   int            `json:"threads" db:"threads"`
	Customers int            `json:"customers" db:"customers"`
	Contacts  int            `json:"contacts" db:"contacts"`
	Copies    map[string]int `json:"copies" db:"-"` // per configured mailbox name
}

// Stats returns the database's counts.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	if err := db.r.GetContext(ctx, &s, q("stats-counts")); err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	var rows []struct {
		Mailbox string `db:"mailbox"`
		Copies  int    `db:"copies"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("stats-copies")); err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	s.Copies = make(map[string]int, len(rows))
	for _, r := range rows {
		s.Copies[r.Mailbox] = r.Copies
	}
	return s, nil
}

// FlaggedMessage is a message stored raw because it could not be parsed.
type FlaggedMessage struct {
	ID         int64  `json:"id" db:"id"`
	Key        string `json:"key" db:"key"`
	Mailbox    string `json:"mailbox" db:"mailbox"`
	ParseError string `json:"parse_error" db:"parse_error"`
}

// FlaggedMessages lists the messages stored with a parse error, oldest first.
func (db *DB) FlaggedMessages(ctx context.Context) ([]FlaggedMessage, error) {
	out := []FlaggedMessage{}
	if err := db.r.SelectContext(ctx, &out, q("flagged-messages")); err != nil {
		return nil, fmt.Errorf("store: flagged messages: %w", err)
	}
	return out, nil
}

// nullableUnix stores the zero time as NULL.
func nullableUnix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: unix(t), Valid: true}
}

// optTime turns a nullable stored time into a *time.Time.
func optTime(s sql.NullInt64) *time.Time {
	if !s.Valid {
		return nil
	}
	t := fromUnix(s.Int64)
	return &t
}

// FetchRefusals returns the new messages of mailbox the server refused to
// FETCH that sync asks for again before storing placeholders for them.
func (db *DB) FetchRefusals(ctx context.Context, mailbox string) ([]keepwarm.FetchRefusal, error) {
	rows, err := db.r.QueryContext(ctx, q("fetch-refusals"), mailbox)
	if err != nil {
		return nil, fmt.Errorf("store: fetch refusals %s: %w", mailbox, err)
	}
	defer rows.Close()
	var out []keepwarm.FetchRefusal
	for rows.Next() {
		var (
			r     keepwarm.FetchRefusal
			first int64
		)
		if err := rows.Scan(&r.Folder, &r.UIDValidity, &r.UID, &r.Tries, &first, &r.StoredThrough); err != nil {
			return nil, fmt.Errorf("store: fetch refusals %s: %w", mailbox, err)
		}
		r.First = fromUnix(first)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: fetch refusals %s: %w", mailbox, err)
	}
	return out, nil
}

// UpdateFetchRefusals applies a sync pass's changes to the refused
// messages kept for mailbox, row by row, so that another Syncer's changes
// to the mailbox's meanwhile stay: each of bump adds its Tries to the
// message's count (a new row starts at it, from First); each of gone is
// deleted; each of through raises the StoredThrough of its folder's rows
// (of its UIDValidity).
func (db *DB) UpdateFetchRefusals(ctx context.Context, mailbox string, bump, gone, through []keepwarm.FetchRefusal) error {
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range bump {
			if _, err := tx.ExecContext(ctx, q("fetch-refusal-bump"), mailbox, r.Folder, r.UIDValidity, r.UID,
				r.Tries, unix(r.First), r.StoredThrough); err != nil {
				return err
			}
		}
		for _, r := range gone {
			if _, err := tx.ExecContext(ctx, q("fetch-refusal-delete"), mailbox, r.Folder, r.UIDValidity, r.UID); err != nil {
				return err
			}
		}
		for _, r := range through {
			if _, err := tx.ExecContext(ctx, q("fetch-refusals-stored-through"), r.StoredThrough, mailbox, r.Folder, r.UIDValidity); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: update fetch refusals %s: %w", mailbox, err)
	}
	return nil
}
