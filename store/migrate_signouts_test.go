package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Before signing out ended a session (as if it expired), it revoked it.
// The upgrade reads such a session, one no manager's revocation on
// /sessions stands in the audit log for, as the sign-out it was: its IP
// stays known for the sign-in limits, and it stays ended. One a manager
// revoked stays revoked, its IP not known.
func TestMigrationReadsSignOutsBefore0420AsEndings(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	day := now.Add(-72 * time.Hour).Unix()
	later := now.Add(30 * 24 * time.Hour).Unix()
	rollBack(t, db,
		// Lily signed out at the office.
		`INSERT INTO web_sessions (id, token_hash, email, ip, created_at, seen_at, expires_at, revoked_at)
			VALUES (1, 'h1', 'lily@team.example', '203.0.113.5', `+itoa(day)+`, `+itoa(day+60)+`, `+itoa(later)+`, `+itoa(day+120)+`)`,
		// A manager revoked Tom's browser on /sessions.
		`INSERT INTO web_sessions (id, token_hash, email, ip, created_at, seen_at, expires_at, revoked_at)
			VALUES (2, 'h2', 'tom@team.example', '198.51.100.7', `+itoa(day)+`, `+itoa(day+60)+`, `+itoa(later)+`, `+itoa(day+120)+`)`,
		`INSERT INTO web_audit (customer_id, actor, action, subject, before, after, at)
			VALUES (NULL, 'boss@team.example', 'session.revoke', 'session 2', 'live', 'revoked', `+itoa(day+120)+`)`,
		// A manager revoked session 12, not 1: its line names no other.
		`INSERT INTO web_audit (customer_id, actor, action, subject, before, after, at)
			VALUES (NULL, 'boss@team.example', 'session.revoke', 'session 12', 'live', 'revoked', `+itoa(day+120)+`)`,
		`DELETE FROM schema_migrations WHERE version = '0420_signouts_end_sessions'`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen applying 0420: %v", err)
	}
	t.Cleanup(func() { db.Close() })

	ips, err := db.SessionIPs(ctx, now.Add(-90*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ips {
		got = append(got, s.Email+" "+s.IP)
	}
	if !slices.Equal(got, []string{"lily@team.example 203.0.113.5"}) {
		t.Errorf("known IPs after the upgrade %v, want Lily's office (signed out) and not Tom's revoked browser", got)
	}
	if _, err := db.Session(ctx, "h1", now); err == nil {
		t.Errorf("Lily's session signed out of is live again after the upgrade")
	}
	var exp int64
	if err := db.r.Get(&exp, `SELECT expires_at FROM web_sessions WHERE id = 1`); err != nil || exp != day+120 {
		t.Errorf("Lily's session expires at %d (%v), want %d, when she signed out", exp, err, day+120)
	}
	if n := count(t, db, `SELECT count(*) FROM web_sessions WHERE id = 2 AND revoked_at = ?`, day+120); n != 1 {
		t.Errorf("Tom's session a manager revoked is no longer revoked")
	}
}
