package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// lilysAnswer is Lily's answer to urgentOrder, filed in her Sent at at.
func lilysAnswer(at time.Time) mailtest.Msg {
	return mailtest.Msg{From: "Lily Chen <lily@acme-export.com>", To: "hans@globex.de", Subject: "RE: Urgent order",
		MessageID: "re-urgent@acme-export.com", InReplyTo: urgentOrder.MessageID, References: []string{urgentOrder.MessageID},
		Date: at, Body: "Confirmed: 40HQ ships Thursday."}
}

// TestRunDropsANudgeAnsweredBeforeItGoes: the notify server refuses the
// first nudge's mail for now, and the team chat asks to be called again in
// two minutes; Lily answers the customer before either retry. Each retry
// looks again, finds her answer and drops the nudge, saying why on it: she
// is not told to answer mail she has answered. The target nudge never comes
// either.
func TestRunDropsANudgeAnsweredBeforeItGoes(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Script(mailtest.ChatAnswer{Status: 429, RetryAfter: "120", Body: "slow down"})
	r := startRun(t, "info", `[replies]
escalate = true
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, map[string]string{"WECOM_URL": robot.URL}, func(conf string) string {
		return strings.Replace(conf, `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"email\", \"wecom:lily\"]", 1)
	})
	nudges := func() (mail, chat keepwarm.OutboxItem) {
		for _, it := range r.nudges() {
			if it.Chat != nil {
				chat = it
			} else {
				mail = it
			}
		}
		return mail, chat
	}
	r.smtp.FailNextData(1, 451)
	r.clock.Set(t0.Add(5 * time.Minute))
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
	answer := lilysAnswer(t0.Add(5*time.Minute + 20*time.Second))
	r.srv.Append(t, "lily@acme-export.com", "Sent", answer.Bytes(), answer.Date)
	if !first.After(t0.Add(5*time.Minute + 30*time.Second)) {
		t.Fatalf("a retry is due at %v, before the answer can be synced", first)
	}
	r.clock.Set(t0.Add(5*time.Minute + 30*time.Second))
	waitFor(t, "the answer stored", func() bool { st, err := r.db.Stats(context.Background()); return err == nil && st.Messages == 2 })

	r.clock.Set(retryAt.Add(time.Second))
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
	r.clock.Set(t0.Add(30 * time.Minute))
	r.clock.Set(t0.Add(2 * time.Hour))
	if n, tries := len(r.smtp.Messages()), r.smtp.DataCount(); n != 0 || tries != 1 {
		t.Fatalf("%d nudges delivered in %d DATA commands, want none after the one refused", n, tries)
	}
	if n := robot.Requests(); n != 1 || len(robot.Posts()) != 0 {
		t.Fatalf("%d chat requests, %d posts: want the one refused", n, len(robot.Posts()))
	}
	if n := len(r.nudges()); n != 2 {
		t.Fatalf("%d nudges queued, want only the first (mail and chat)", n)
	}
	r.stop()
	if log := r.stderr.String(); !strings.Contains(log, "skipped before sending") || !strings.Contains(log, "skipped before posting") {
		t.Errorf("the log does not say the nudges were skipped:\n%s", log)
	}
}

// TestRunLooksInSentBeforeNudging: Lily answers twenty seconds before the
// nudge is due; the daemon polls Sent only hourly here and IDLE watches the
// inbox, so nothing has seen the answer yet. When the nudge falls due the
// daemon has every mailbox sync first, finds the answer, and nudges nobody.
func TestRunLooksInSentBeforeNudging(t *testing.T) {
	r := startRun(t, "debug", "[sync]\npoll_interval = \"1h\"\n", nil, nil)
	waitFor(t, "the first pass over Sent", func() bool {
		_, err := r.db.FolderState(context.Background(), "lily", "Sent")
		return err == nil
	})
	answer := lilysAnswer(t0.Add(4*time.Minute + 40*time.Second))
	r.srv.Append(t, "lily@acme-export.com", "Sent", answer.Bytes(), answer.Date)
	r.clock.Set(t0.Add(5 * time.Minute))
	if m, err := r.db.GetMessage(context.Background(), 1); err != nil || m.MessageID != urgentOrder.MessageID {
		t.Fatalf("message 1 is %q (%v), want the order", m.MessageID, err)
	}
	waitFor(t, "the answer found and measured", func() bool {
		c, err := r.db.ReplyClock(context.Background(), 1)
		return err == nil && !c.RepliedAt.IsZero()
	})
	r.clock.Set(t0.Add(10 * time.Minute))
	r.clock.Set(t0.Add(2 * time.Hour))
	if items := r.nudges(); len(items) != 0 {
		t.Fatalf("%d nudges queued for a message answered before its nudge was due: %+v", len(items), items[0])
	}
	if n := len(r.smtp.Messages()); n != 0 {
		t.Fatalf("%d nudges sent", n)
	}
	r.stop()
	if !strings.Contains(r.stderr.String(), "woken by a look before a nudge") {
		t.Errorf("the answer was not found by the look:\n%s", r.stderr.String())
	}
}
