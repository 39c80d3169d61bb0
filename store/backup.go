package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"keepwarm"
)

// Backup writes a copy of the database to dest with VACUUM INTO: one
// consistent snapshot, the commits still in the -wal file included, taken
// while keepwarm run goes on writing (it reads; it holds no write lock).
// dest is made readable by its owner only and must not exist: a backup
// never overwrites a file. The copy is checked (PRAGMA integrity_check)
// before Backup returns; a copy that fails is removed. It blocks until the
// copy is written, about as long as reading the whole database.
func (db *DB) Backup(ctx context.Context, dest string) (err error) {
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return keepwarm.Errorf(keepwarm.ECONFLICT, "%s exists: a backup never overwrites a file; name a new one", dest)
	}
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(dest)
		}
	}()
	// VACUUM INTO writes into an empty file that exists, so the copy keeps
	// the mode it was made with.
	if _, err := db.r.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	return checkCopy(ctx, dest)
}

// checkCopy runs PRAGMA integrity_check on the database file at path.
func checkCopy(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("store: check %s: integrity_check says %q", path, res)
	}
	return nil
}
