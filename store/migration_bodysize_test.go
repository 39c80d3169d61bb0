package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestMigrationFillsBodySize: a database from before migration 0223 knew a
// message's body size only as its size less its whole raw header. The
// migration fills the new column from those for every stored row, leaves it
// NULL where the size is unknown or the header is the longer, and a copy of
// an old message that sync now fetches by its header fields alone is still
// told to be a copy.
func TestMigrationFillsBodySize(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	header := []byte("Received: from mx.acme.com\r\nFrom: Bob <bob@acme.com>\r\nMessage-ID: <old@acme.com>\r\n\r\n")
	whole := msg("old@acme.com")
	whole.RawHeader = header
	whole = withBody(whole, 1200)
	unknown := msg("nosize@acme.com")
	unknown.RawHeader, unknown.Size = header, 0
	short := msg("short@acme.com")
	short.RawHeader, short.Size = header, int64(len(header))-1
	save(t, db, at(whole, "team", "INBOX", 1, t0), at(unknown, "team", "INBOX", 2, t0), at(short, "team", "INBOX", 3, t0))

	// Back to the schema before 0223: no column, the migration not applied.
	for _, q := range []string{`ALTER TABLE messages DROP COLUMN body_size`,
		`DELETE FROM schema_migrations WHERE version = '0223_messages_body_size'`} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen applying 0223: %v", err)
	}
	t.Cleanup(func() { db.Close() })

	for key, want := range map[string]sql.NullInt64{
		"old@acme.com":    {Int64: 1200, Valid: true},
		"nosize@acme.com": {},
		"short@acme.com":  {},
	} {
		var got sql.NullInt64
		if err := db.r.Get(&got, `SELECT body_size FROM messages WHERE key = ?`, key); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got != want {
			t.Errorf("%s: body_size %+v after the migration; want %+v", key, got, want)
		}
	}

	// The same mail in Bob's mailbox, fetched by header fields alone.
	copyOf := msg("old@acme.com")
	copyOf.RawHeader, copyOf.Size, copyOf.BodySize = []byte("From: Bob <bob@acme.com>\r\nMessage-ID: <old@acme.com>\r\n\r\n"), 9000, 1200
	if r := save(t, db, at(copyOf, "bob", "INBOX", 1, t0.Add(time.Minute))); r.New != 0 || r.Copies != 1 {
		t.Errorf("a copy of a message stored before the migration saved as %+v; want a copy", r)
	}
}
