package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// A session whose "last seen" stamp cannot be written (the writer is held
// by a sync batch or a backup) is still the live session, and the request
// does not wait for the writer to be free: the stamp is bookkeeping, not
// signing in. The request's context has no deadline, as a page request's
// has none in the daemon.
func TestSessionIsLiveWhenItsSeenStampCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

	for _, holder := range []string{"this process's writer", "another process"} {
		t.Run(holder, func(t *testing.T) {
			db := openTest(t)
			id, err := db.AddSession(ctx, "hash-lily", WebSession{Email: "lily@example.com", IP: "203.0.113.7", CreatedAt: now,
				ExpiresAt: now.Add(30 * 24 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}

			var release func()
			if holder == "this process's writer" {
				held, free, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
				go func() {
					done <- db.inTx(ctx, func(tx *sqlx.Tx) error {
						close(held)
						<-free
						return nil
					})
				}()
				<-held
				release = func() {
					close(free)
					if err := <-done; err != nil {
						t.Fatal(err)
					}
				}
			} else {
				other, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=10000")
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				conn, err := other.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
					t.Fatal(err)
				}
				release = func() {
					if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
						t.Fatal(err)
					}
				}
			}

			type result struct {
				s   WebSession
				err error
			}
			session := func(at time.Time) (WebSession, error, time.Duration) {
				start := time.Now()
				got := make(chan result, 1)
				go func() {
					s, err := db.Session(ctx, "hash-lily", at)
					got <- result{s, err}
				}()
				select {
				case r := <-got:
					return r.s, r.err, time.Since(start)
				case <-time.After(3 * time.Second):
					release()
					r := <-got
					t.Fatalf("Session waited more than 3s for the held writer (answered after %v)", time.Since(start))
					return r.s, r.err, 0
				}
			}

			later := now.Add(5 * time.Minute)
			s, err, took := session(later)
			if err != nil {
				t.Fatalf("Session with the write lock held: %v; want the live session", err)
			}
			if took > time.Second {
				t.Fatalf("Session took %v with the write lock held; want under 1s", took)
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
			// The next requests of the busy spell do not try again: no
			// wait and nothing to log each time. With the lock still held,
			// a new try would fail after stampWait and say so in SeenErr.
			s, err, _ = session(later.Add(10 * time.Second))
			if err != nil || s.SeenErr != nil {
				t.Fatalf("Session within the pause after a failed stamp = %v, %v; want no new try", s.SeenErr, err)
			}

			release()
			at := later.Add(2 * stampPause)
			s, err, _ = session(at)
			if err != nil || s.SeenErr != nil || !s.SeenAt.Equal(at) {
				t.Fatalf("Session once the lock is free = %+v, %v; want it seen at %v", s, err, at)
			}
			var seen int64
			if err := db.r.GetContext(ctx, &seen, "SELECT seen_at FROM web_sessions WHERE id = ?", id); err != nil || seen != at.Unix() {
				t.Fatalf("stored seen_at = %d, %v; want %d", seen, err, at.Unix())
			}
		})
	}
}
