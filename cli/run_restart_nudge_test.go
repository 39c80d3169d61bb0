package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestRunAfterARestartNudgesOnlyOnceEveryMailboxSynced: keepwarm was down
// while Lily answered Hans's order from her phone, past its target. At the
// start the team's mailbox (an open clock too, first in the config) logs in
// first and Lily's two seconds later (connect_spread): the engine's first
// pass, at once, must not nudge her, nor copy the manager, on what was
// stored before the stop, nor list the order in her morning digest. Once
// her mailbox synced, her answer is found and only Ana's unanswered mail to
// the team is nudged.
func TestRunAfterARestartNudgesOnlyOnceEveryMailboxSynced(t *testing.T) {
	srv, smtp := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	ask := mailtest.Msg{From: "Ana <ana.buyer@gmail.com>", To: "sales@acme-export.com", Subject: "Price list please",
		MessageID: "ask-1@gmail.com", Date: t0, Body: "Send the price list."}
	srv.Append(t, "sales@acme-export.com", "INBOX", ask.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "INBOX", urgentOrder.Bytes(), t0)
	env := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword}
	config := writeConfig(t, srv, fmt.Sprintf(`
[sync]
connect_spread = "2s"
[replies]
escalate = true
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtp.URL().String(), mailtest.SMTPUser))

	// Before the stop: both mails stored, nothing due yet.
	c := newCLI(t, config, env)
	c.mustRun("--log-level", "warn", "--now", t0.Add(time.Minute).Format(time.RFC3339), "sync")

	// While keepwarm is down Lily answers, after the target.
	answer := lilysAnswer(t0.Add(12 * time.Minute))
	srv.Append(t, "lily@acme-export.com", "Sent", answer.Bytes(), answer.Date)

	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return env[k] })
	m.Clock = keepwarm.NewManualClock(t0.Add(35 * time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		m.Run(ctx, []string{"--config", config, "--log-level", "debug", "run"})
	}()
	defer func() { cancel(); <-stopped }()

	db := openReadOnly(t, filepath.Join(filepath.Dir(config), "kw.db"))
	about := func(words string) (n int) {
		items, _ := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "nudge"})
		for _, it := range items {
			if strings.Contains(it.Subject+it.Text, words) {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(20 * time.Second)
	for about(ask.Subject) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Ana's mail to the team was never nudged\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond) // polling an outcome, not a schedule
	}
	if n := about(urgentOrder.Subject); n != 0 {
		t.Fatalf("%d nudge(s) about the order Lily answered while keepwarm was down\n%s", n, stderr)
	}
	if st, err := db.Stats(context.Background()); err != nil || st.Messages != 3 {
		t.Fatalf("Lily's answer not stored before the nudges: %+v %v", st, err)
	}
	// Lily's Monday digest (08:30 Shanghai) is due at the start: it goes
	// once her mailbox synced, without the order she answered.
	var lilys []keepwarm.OutboxItem
	deadline = time.Now().Add(15 * time.Second)
	for len(lilys) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Lily's digest due at the start was never queued\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond) // polling an outcome, not a schedule
		digests, _ := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "digest"})
		for _, d := range digests {
			if strings.HasPrefix(d.Key, "digest:lily@acme-export.com") {
				lilys = append(lilys, d)
			}
		}
	}
	for _, d := range lilys { // her answer ("RE: Urgent order") may be listed, not the order
		if strings.Contains(d.Text, `"`+urgentOrder.Subject+`"`) {
			t.Errorf("the digest %s lists the order Lily answered while keepwarm was down:\n%s", d.Key, d.Text)
		}
	}
	if !strings.Contains(stderr.String(), "nudges wait until every mailbox has synced once since the start") {
		t.Errorf("the log does not say why the nudges waited:\n%s", stderr)
	}
}
