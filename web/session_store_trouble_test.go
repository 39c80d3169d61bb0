package web_test

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A session whose "last seen" time cannot be written is still signed in
// (the failure is logged), and one that cannot be looked up at all gets
// "try again", never "your session has ended" or the sign-in page: the
// session did not end, and a new link would not help.
func TestSessionStoreTroubleIsNotASignOut(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	csrf := csrfOf(t, desk)

	// The stamp's write fails (a full disk, say); the reads work.
	if _, err := w.raw.Exec(`CREATE TRIGGER seen_fails BEFORE UPDATE OF seen_at ON web_sessions
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * time.Minute)
	if code, body := c.get("/"); code != http.StatusOK || !strings.Contains(body, "Meier") {
		t.Fatalf("desk with the seen stamp failing: %d %.300s", code, body)
	}
	if !strings.Contains(log.String(), "last-seen time not recorded") || !strings.Contains(log.String(), "disk is full") {
		t.Fatalf("the failed stamp is not logged:\n%s", log.String())
	}
	w.clock.Advance(5 * time.Minute)
	resp := c.post(path("/customers/%d/note", w.meier), url.Values{"note": {"Asked for the sample"}, "csrf": {csrf}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("note with the seen stamp failing: %d", resp.StatusCode)
	}
	if _, err := w.raw.Exec(`DROP TRIGGER seen_fails`); err != nil {
		t.Fatal(err)
	}

	// The sessions cannot be read at all.
	if _, err := w.raw.Exec(`ALTER TABLE web_sessions RENAME TO web_sessions_elsewhere`); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/", "/signin"} {
		code, body := c.get(page)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "try again in a moment") {
			t.Fatalf("GET %s with the sessions unreadable: %d %.300s", page, code, body)
		}
		// Nobody can tell: the session may have been revoked or have
		// expired (a lost phone's), or its person left the team.
		if strings.Contains(body, "still signed in") {
			t.Fatalf("GET %s with the sessions unreadable claims the session is live: %.300s", page, body)
		}
	}
	resp = c.post(path("/customers/%d/note", w.meier), url.Values{"note": {"Called back"}, "csrf": {csrf}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("note with the sessions unreadable: %d, want 503", resp.StatusCode)
	}
	if _, err := w.raw.Exec(`ALTER TABLE web_sessions_elsewhere RENAME TO web_sessions`); err != nil {
		t.Fatal(err)
	}
	if code, body := c.get("/"); code != http.StatusOK || !strings.Contains(body, "Meier") {
		t.Fatalf("desk once the sessions read again: %d %.300s", code, body)
	}
}

// A page does not wait behind a held write lock (a backup, a long sync
// batch) to stamp its session's last-seen time: the request has no
// deadline of its own in the daemon, so waiting would hold every page for
// as long as the writer is busy. Once the lock is free, the stamp is
// written again.
func TestPagesDoNotWaitForABusyWriterToStampLastSeen(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	var log mailtest.LockedBuffer
	w.cfg.Log = slog.New(slog.NewTextHandler(&log, nil))
	w.rebase("http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)

	conn, err := w.raw.Conn(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(w.ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * time.Minute)
	for i := 0; i < 3; i++ {
		w.clock.Advance(15 * time.Second)
		start := time.Now()
		code, body := c.get("/")
		if took := time.Since(start); took > time.Second {
			t.Fatalf("desk #%d with the write lock held took %v; want under 1s", i+1, took)
		}
		if code != http.StatusOK || !strings.Contains(body, "Meier") {
			t.Fatalf("desk #%d with the write lock held: %d %.300s", i+1, code, body)
		}
	}
	if n := strings.Count(log.String(), "last-seen time not recorded"); n != 1 {
		t.Fatalf("the failed stamp is logged %d times in three requests within the pause, want once:\n%s", n, log.String())
	}
	if _, err := conn.ExecContext(w.ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}

	w.clock.Advance(5 * time.Minute)
	if code, _ := c.get("/"); code != http.StatusOK {
		t.Fatalf("desk once the lock is free: %d", code)
	}
	var seen int64
	if err := w.raw.QueryRow(`SELECT MAX(seen_at) FROM web_sessions WHERE email = ?`, lily).Scan(&seen); err != nil {
		t.Fatal(err)
	}
	if now := w.clock.Now().Unix(); seen != now {
		t.Fatalf("seen_at = %d once the lock is free, want %d", seen, now)
	}
}
