package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Christmas Eve, 16:10 in Shanghai: a greeting queued while [greetings]
// has a problem is held an hour. The operator fixes it ten minutes later
// and restarts: the greeting is due at once, inside its day's window, not
// at 17:10 when its last look would find the day over.
func TestAGreetingHeldWhileGreetingsWereBrokenIsDueAtTheRestart(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 24, 8, 10, 0, 0, time.UTC)
	notDir := filepath.Join(t.TempDir(), "letters")
	if err := os.WriteFile(notDir, []byte("a file, not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, smtp := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	srv.AddUser(t, "lily@lumina-export.example", "pw")
	srv.AddUser(t, "sales@lumina-export.example", "pw")
	a, c := greetApp(t, func(s string) string {
		s = strings.ReplaceAll(s, "imaps://mail.lumina-export.example", srv.URL().String())
		s = strings.ReplaceAll(s, "smtps://mail.lumina-export.example", smtp.URL().String())
		return s + "\n[greetings]\noccasions = [\"christmas\"]\nletters_dir = \"" + notDir + "\"\n"
	}, t0)
	a = New(a.Cfg, a.DB, Options{Clock: a.Clock, Log: a.Log, Getenv: func(string) string { return "pw" }})
	parts, err := a.NewEngineParts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if parts.GreetingsOff == nil {
		t.Fatal("a letters_dir that is a file does not turn greetings off")
	}
	item, created, err := a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "greet:1:christmas:2026", MessageID: keepwarm.NewMessageID("lumina-export.example"),
		Origin: sequences.OriginGreeting, Mode: keepwarm.ModeSend, Mailbox: "lily", CustomerID: c.ID,
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
		Subject: "Merry Christmas", Text: "Dear Hans, ...", DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
	if err != nil || !created {
		t.Fatalf("enqueue: %v (created %v)", err, created)
	}
	if _, err := parts.Disp.RunOnce(ctx, t0); err != nil {
		t.Fatal(err)
	}
	if item, err = a.DB.OutboxItem(ctx, item.ID); err != nil {
		t.Fatal(err)
	}
	if item.Status != keepwarm.OutboxQueued || !item.NextAttemptAt.Equal(t0.Add(time.Hour)) || !strings.Contains(item.LastError, "greetings are off until") {
		t.Fatalf("while [greetings] is broken the greeting is %s until %v: %q", item.Status, item.NextAttemptAt, item.LastError)
	}

	// Fixed and restarted ten minutes later.
	a.Cfg.Greetings.LettersDir = ""
	restart := t0.Add(10 * time.Minute)
	a.Clock.(*keepwarm.ManualClock).Set(restart)
	if parts, err = a.NewEngineParts(ctx, nil); err != nil || parts.GreetingsOff != nil {
		t.Fatalf("after the fix: %v, greetings off: %v", err, parts.GreetingsOff)
	}
	if item, err = a.DB.OutboxItem(ctx, item.ID); err != nil {
		t.Fatal(err)
	}
	if item.Status != keepwarm.OutboxQueued || !item.NextAttemptAt.Equal(restart) {
		t.Fatalf("after the fix and restart at %v the greeting is %s, next at %v: %q", restart, item.Status, item.NextAttemptAt, item.LastError)
	}
}
