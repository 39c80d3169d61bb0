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
