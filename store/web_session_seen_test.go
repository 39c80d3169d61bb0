package store

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// A session whose "last seen" stamp cannot be written (the writer is held
// past the request's patience) is still the live
// session: the stamp is bookkeeping, not signing in.
func TestSessionIsLiveWhenItsSeenStampCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	id, err := db.AddSession(ctx, "hash-lily", WebSession{Email: "lily@example.com", IP: "203.0.113.7", CreatedAt: now,
		ExpiresAt: now.Add(30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	// The writer is busy (a sync batch, a backup) for longer than the
	// request is willing to wait.
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.inTx(ctx, func(tx *sqlx.Tx) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held

	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	later := now.Add(5 * time.Minute)
	s, err := db.Session(short, "hash-lily", later)
	if err != nil {
		t.Fatalf("Session with the write lock held elsewhere: %v; want the live session", err)
	}
	if s.ID != id || s.Email != "lily@example.com" {
		t.Fatalf("Session = %+v, want session %d of lily", s, id)
	}
	if s.SeenErr == nil {
		t.Fatal("SeenErr is nil: the stamp could not have been written with the lock held")
	}
	if !s.SeenAt.Equal(now) {
		t.Fatalf("SeenAt = %v, want the stored %v (the new stamp was not written)", s.SeenAt, now)
	}

	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, err = db.Session(ctx, "hash-lily", later)
	if err != nil || s.SeenErr != nil || !s.SeenAt.Equal(later) {
		t.Fatalf("Session once the lock is free = %+v, %v; want it seen at %v", s, err, later)
	}
}
