package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestRunDropsANudgeAnsweredBeforeItGoes: the notify server refuses the
// first nudge's mail for now, and the team chat asks to be called again in
// two minutes; Lily answers the customer before either retry. Each retry
// looks again, finds her answer and drops the nudge, saying why on it: she
// is not told to answer mail she has answered. The target nudge never comes
// either.
func TestRunDropsANudgeAnsweredBeforeItGoes(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	smtpSrv := mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	q := mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: "lily@acme-export.com", Subject: "Urgent order",
		MessageID: "urgent@globex.de", Date: t0, Body: "We need 40HQ by Friday.\nPlease confirm."}
	srv.Append(t, "lily@acme-export.com", "INBOX", q.Bytes(), t0)
	path := writeConfig(t, srv, fmt.Sprintf(`
[replies]
escalate = true
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	conf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conf = []byte(strings.Replace(string(conf), `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"email\", \"wecom:lily\"]", 1))
	if err := os.WriteFile(path, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Script(mailtest.ChatAnswer{Status: 429, RetryAfter: "120", Body: "slow down"})
	env := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword, "WECOM_URL": robot.URL}
	clock := keepwarm.NewManualClock(t0.Add(time.Minute))
	var stderr bytes.Buffer
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &stderr, func(k string) string { return env[k] })
	m.Clock = clock
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"--config", path, "--log-level", "info", "run"}) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	}()
	db := openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	waitFor(t, "the inquiry stored", func() bool { st, err := db.Stats(context.Background()); return err == nil && st.Messages == 1 })

	nudges := func() (mail, chat keepwarm.OutboxItem) {
		items, _ := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "nudge"})
		for _, it := range items {
			if it.Chat != nil {
				chat = it
			} else {
				mail = it
			}
		}
		return mail, chat
	}
	smtpSrv.FailNextData(1, 451)
	clock.Set(t0.Add(5 * time.Minute))
	waitFor(t, "the first nudge refused for now", func() bool {
		mail, chat := nudges()
		return mail.Status == keepwarm.OutboxQueued && mail.Attempts == 1 &&
			chat.Status == keepwarm.OutboxQueued && chat.Attempts == 1
	})
	mail, chat := nudges()
	first, retryAt := mail.NextAttemptAt, chat.NextAttemptAt
	if first.After(retryAt) {
		first, retryAt = retryAt, first
	}

	// Lily answers; the daemon's next look at her Sent finds it.
	answer := mailtest.Msg{From: "Lily Chen <lily@acme-export.com>", To: "hans@globex.de", Subject: "RE: Urgent order",
		MessageID: "re-urgent@acme-export.com", InReplyTo: "urgent@globex.de", References: []string{"urgent@globex.de"},
		Date: t0.Add(5*time.Minute + 20*time.Second), Body: "Confirmed: 40HQ ships Thursday."}
	srv.Append(t, "lily@acme-export.com", "Sent", answer.Bytes(), answer.Date)
	if !first.After(t0.Add(5*time.Minute + 30*time.Second)) {
		t.Fatalf("a retry is due at %v, before the answer can be synced", first)
	}
	clock.Set(t0.Add(5*time.Minute + 30*time.Second))
	waitFor(t, "the answer stored", func() bool { st, err := db.Stats(context.Background()); return err == nil && st.Messages == 2 })

	clock.Set(retryAt.Add(time.Second))
	waitFor(t, "the nudges dropped", func() bool {
		mail, chat := nudges()
		return mail.Status == keepwarm.OutboxSkipped && chat.Status == keepwarm.OutboxSkipped
	})
	mail, chat = nudges()
	for _, it := range []keepwarm.OutboxItem{mail, chat} {
		if !strings.Contains(it.LastError, "answered by lily@acme-export.com at 2026-11-02 01:05 UTC") {
			t.Errorf("the dropped nudge %s says %q", it.Key, it.LastError)
		}
	}
	clock.Set(t0.Add(30 * time.Minute))
	clock.Set(t0.Add(2 * time.Hour))
	if n, tries := len(smtpSrv.Messages()), smtpSrv.DataCount(); n != 0 || tries != 1 {
		t.Fatalf("%d nudges delivered in %d DATA commands, want none after the one refused", n, tries)
	}
	if n := robot.Requests(); n != 1 || len(robot.Posts()) != 0 {
		t.Fatalf("%d chat requests, %d posts: want the one refused", n, len(robot.Posts()))
	}
	if items, _ := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "nudge"}); len(items) != 2 {
		t.Fatalf("%d nudges queued, want only the first (mail and chat)", len(items))
	}
	if log := stderr.String(); !strings.Contains(log, "skipped before sending") || !strings.Contains(log, "skipped before posting") {
		t.Errorf("the log does not say the nudges were skipped:\n%s", log)
	}
}

// TestRunLooksInSentBeforeNudging: Lily answers twenty seconds before the
// nudge is due; the daemon polls Sent only hourly here and IDLE watches the
// inbox, so nothing has seen the answer yet. When the nudge falls due the
// daemon has every mailbox sync first, finds the answer, and nudges nobody.
func TestRunLooksInSentBeforeNudging(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	smtpSrv := mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	q := mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: "lily@acme-export.com", Subject: "Urgent order",
		MessageID: "urgent@globex.de", Date: t0, Body: "We need 40HQ by Friday.\nPlease confirm."}
	srv.Append(t, "lily@acme-export.com", "INBOX", q.Bytes(), t0)
	path := writeConfig(t, srv, fmt.Sprintf(`
[sync]
poll_interval = "1h"
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	env := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword}
	clock := keepwarm.NewManualClock(t0.Add(time.Minute))
	var stderr bytes.Buffer
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &stderr, func(k string) string { return env[k] })
	m.Clock = clock
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"--config", path, "--log-level", "debug", "run"}) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	}()
	db := openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	waitFor(t, "the inquiry stored", func() bool { st, err := db.Stats(context.Background()); return err == nil && st.Messages == 1 })
	waitFor(t, "the first pass over Sent", func() bool {
		_, err := db.FolderState(context.Background(), "lily", "Sent")
		return err == nil
	})

	answer := mailtest.Msg{From: "Lily Chen <lily@acme-export.com>", To: "hans@globex.de", Subject: "RE: Urgent order",
		MessageID: "re-urgent@acme-export.com", InReplyTo: "urgent@globex.de", References: []string{"urgent@globex.de"},
		Date: t0.Add(4*time.Minute + 40*time.Second), Body: "Confirmed: 40HQ ships Thursday."}
	srv.Append(t, "lily@acme-export.com", "Sent", answer.Bytes(), answer.Date)
	clock.Set(t0.Add(5 * time.Minute))
	if m, err := db.GetMessage(context.Background(), 1); err != nil || m.MessageID != q.MessageID {
		t.Fatalf("message 1 is %q (%v), want the inquiry", m.MessageID, err)
	}
	waitFor(t, "the answer found and measured", func() bool {
		c, err := db.ReplyClock(context.Background(), 1)
		return err == nil && !c.RepliedAt.IsZero()
	})
	clock.Set(t0.Add(10 * time.Minute))
	clock.Set(t0.Add(2 * time.Hour))
	if items, _ := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "nudge"}); len(items) != 0 {
		t.Fatalf("%d nudges queued for a message answered before its nudge was due: %+v", len(items), items[0])
	}
	if n := len(smtpSrv.Messages()); n != 0 {
		t.Fatalf("%d nudges sent", n)
	}
	if !strings.Contains(stderr.String(), "woken by a look before a nudge") {
		t.Errorf("the answer was not found by the look:\n%s", stderr.String())
	}
}
