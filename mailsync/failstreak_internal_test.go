package mailsync

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

var streakT0 = time.Date(2026, 12, 8, 9, 14, 3, 0, time.UTC)

// cut is a link cut mid-command on a connection from local port port.
func cut(port int) string {
	return fmt.Sprintf("mailsync: lily: examine Sent: read tcp 10.0.0.5:%d->203.0.113.7:993: i/o timeout", port)
}

// The store half of the streak: the same cut from a new local port is
// not stored again until 15 minutes have passed; a completed pass lets
// the next failure be stored at once; what was said is said again only
// when it changes or after an hour, and a pass that ends a failure to
// connect forgets it.
func TestFailStreakSameCutNewPort(t *testing.T) {
	var f failStreak
	if !f.record(cut(53012), streakT0) {
		t.Fatal("first cut not stored")
	}
	if f.record(cut(53013), streakT0.Add(time.Minute)) {
		t.Fatal("the same cut from a new port a minute later stored again")
	}
	if !f.record(cut(53014), streakT0.Add(16*time.Minute)) {
		t.Fatal("the same cut 16 minutes later not stored again (its failed_at goes stale)")
	}
	if f.record("mailsync: lily: other", streakT0.Add(17*time.Minute)) != true {
		t.Fatal("a different failure not stored")
	}
	f.synced()
	if !f.record("mailsync: lily: other", streakT0.Add(18*time.Minute)) {
		t.Fatal("a failure after a completed pass not stored")
	}

	var s failStreak
	if lvl, _ := s.say(cut(53012), streakT0); lvl != slog.LevelWarn {
		t.Fatalf("first cut said at %v", lvl)
	}
	if lvl, _ := s.say(cut(53013), streakT0.Add(time.Minute)); lvl != slog.LevelDebug {
		t.Fatalf("the same cut from a new port said at %v, want DEBUG", lvl)
	}
	if lvl, n := s.say(cut(53014), streakT0.Add(61*time.Minute)); lvl != slog.LevelWarn || n != 1 {
		t.Fatalf("the same cut after an hour: %v, %d unsaid; want WARN, 1", lvl, n)
	}
	s.cannotConnect = true
	if why := s.synced(); why != cut(53014) {
		t.Fatalf("synced after a failure to connect returned %q", why)
	}
	if lvl, _ := s.say(cut(53015), streakT0.Add(62*time.Minute)); lvl != slog.LevelWarn {
		t.Fatalf("a cut after the failure to connect ended said at %v, want WARN", lvl)
	}
}

// dovecotBug is Dovecot's answer to every EXAMINE of a broken index or a
// full disk, stamped with the server's time.
func dovecotBug(at time.Time) string {
	return "mailsync: lily: examine Sent: NO [SERVERBUG] Internal error occurred. Refer to server log for more information. [" + at.Format("2006-01-02 15:04:05") + "]"
}

// Dovecot stamps its internal error with the time: the same broken Sent
// folder at every retry is the same failure, said once and stored once,
// not a new WARN line and a new SyncFailed row at every reconnect.
func TestFailStreakDovecotTimestampIsTheSameFailure(t *testing.T) {
	var f failStreak
	first, again := streakT0, streakT0.Add(2*time.Minute+2*time.Second)
	if lvl, _ := f.say(dovecotBug(first), first); lvl != slog.LevelWarn {
		t.Fatalf("first failure said at %v, want WARN", lvl)
	}
	if lvl, _ := f.say(dovecotBug(again), again); lvl != slog.LevelDebug {
		t.Fatalf("the same internal error two minutes later said at %v, want DEBUG", lvl)
	}
	if !f.record(dovecotBug(first), first) {
		t.Fatal("first failure not stored")
	}
	if f.record(dovecotBug(again), again) {
		t.Fatal("the same internal error two minutes later stored again")
	}
}

// recover's error at every pass carries the local port of the cut
// connection: it is the same failure, logged at ERROR once.
func TestPassErrorSameCutNewPortSaidOnce(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var p passError
	const msg = "recover interrupted sends; trying again at every pass"
	p.say(log, msg, fmt.Errorf("reconcile outbox 7: %s", cut(53012)))
	p.say(log, msg, fmt.Errorf("reconcile outbox 7: %s", cut(53013)))
	out := buf.String()
	if n := strings.Count(out, "level=ERROR"); n != 1 {
		t.Fatalf("%d ERROR lines, want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "level=DEBUG"); n != 1 {
		t.Fatalf("%d DEBUG lines, want 1:\n%s", n, out)
	}
}
