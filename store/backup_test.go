package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackupWhileWriting: a backup taken while another connection holds a
// write transaction open (keepwarm run in the middle of a sync batch) is a
// consistent database with every committed row and none of the open
// transaction's, readable by its owner only; a second backup to the same
// file is refused and leaves the first as it was.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, filepath.Join(dir, "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rollBack(t, db, `INSERT INTO outbox(key, message_id, mailbox, from_email, mode, status, next_attempt_at, due_at, created_at)
		VALUES ('seq:1:0', 'a@x', 'lily', 'lily@x', 'send', 'sent', 0, 0, 0)`)

	// Another process writing, its transaction open (uncommitted).
	other, err := Open(ctx, filepath.Join(dir, "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	tx, err := other.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(key, message_id, mailbox, from_email, mode, status, next_attempt_at, due_at, created_at)
		VALUES ('seq:2:0', 'b@x', 'lily', 'lily@x', 'send', 'queued', 0, 0, 0)`); err != nil {
		t.Fatal(err)
	}

	dest := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatalf("backup while another writes: %v", err)
	}
	st, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %04o; want 0600", st.Mode().Perm())
	}
	tx.Rollback()
	other.Close()

	copyDB, err := Open(ctx, dest, now)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	var keys []string
	if err := copyDB.r.Select(&keys, `SELECT key FROM outbox ORDER BY key`); err != nil {
		t.Fatal(err)
	}
	copyDB.Close()
	if strings.Join(keys, " ") != "seq:1:0" {
		t.Errorf("backup holds outbox %v; want the committed seq:1:0 alone", keys)
	}

	before, _ := os.ReadFile(dest)
	err = db.Backup(ctx, dest)
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second backup to %s: %v; want it refused", dest, err)
	}
	if after, _ := os.ReadFile(dest); string(after) != string(before) {
		t.Error("a refused backup changed the file it found")
	}
}

// TestBackupKeyOpensNotReadsTheBackup: the sign-ins checked against the
// copied key file are the backup's: one sealed with another key and saved
// in the live database after the snapshot is not reported as in it.
func TestBackupKeyOpensNotReadsTheBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keyPath := filepath.Join(dir, "kw.db.key")
	key, err := LoadSecretKey(func(string) string { return "" }, keyPath, true)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := LoadSecretKey(func(string) string { return "another key, long enough" }, keyPath, false)
	save := func(k SecretKey, mailbox string) {
		t.Helper()
		if err := db.SaveOAuthToken(ctx, k, OAuthToken{Mailbox: mailbox, Provider: "microsoft365", RefreshToken: "rt", ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	save(key, "lily")
	dest := filepath.Join(t.TempDir(), "nightly.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	save(other, "tom") // after the snapshot
	if closed, err := BackupKeyOpensNot(ctx, dest, key); err != nil || len(closed) != 0 {
		t.Errorf("the backup's sign-ins not opening: %v, %v; want none (tom's came after it)", closed, err)
	}
	if all, err := BackupSignIns(ctx, dest); err != nil || strings.Join(all, ",") != "lily" {
		t.Errorf("the backup's sign-ins: %v, %v; want lily (tom's came after it)", all, err)
	}
	if closed, err := keyOpensNot(ctx, db.r, &key); err != nil || strings.Join(closed, ",") != "tom" {
		t.Errorf("the live database's: %v, %v; want tom", closed, err)
	}
	save(other, "lily")
	if err := os.Remove(dest); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if closed, err := BackupKeyOpensNot(ctx, dest, key); err != nil || strings.Join(closed, ",") != "lily,tom" {
		t.Errorf("a backup with both sealed with another key: %v, %v; want lily,tom", closed, err)
	}
}
