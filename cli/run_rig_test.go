package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// urgentOrder is Hans's mail to Lily at t0 that the nudge tests wait on.
var urgentOrder = mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: "lily@acme-export.com", Subject: "Urgent order",
	MessageID: "urgent@globex.de", Date: t0, Body: "We need 40HQ by Friday.\nPlease confirm."}

// runRig is `keepwarm run` on a manual clock (at t0 + 1 min) over the team's
// and Lily's mailboxes on an in-process IMAP server, with urgentOrder in
// Lily's INBOX and nudges sent by mail through an in-process SMTP server.
// No digest or weekly summary is due while it runs (noDigestsDue): the
// ones due at the start would go with the first nudge, once the mailboxes
// synced, and take the SMTP server's next DATA or count among its mails.
type runRig struct {
	srv    *mailtest.IMAPServer
	smtp   *mailtest.SMTPServer
	clock  *keepwarm.ManualClock
	db     *store.DB // read-only, beside the daemon's
	config string
	env    map[string]string
	stderr *mailtest.LockedBuffer

	stopOnce sync.Once
	stopped  chan struct{}
	code     int // run's exit code, once stopped is closed
	cancel   context.CancelFunc
	t        *testing.T
}

// noDigestsDue is the runRig's [digest]: Lily's digest at 18:00 Shanghai
// (t0 + 9 h) and the weekly summary on Fridays, none due in the hours its
// tests run from Monday 09:01.
const noDigestsDue = "[digest]\ntime = \"18:00\"\nsummary_weekday = \"Fri\"\n"

// startRun writes the config (writeConfig with a [notify] sender, then
// extra, then noDigestsDue unless extra has its own [digest]; edit, when
// set, changes the written file) and starts the daemon with logs at level;
// it waits until the order is stored.
func startRun(t *testing.T, level, extra string, env map[string]string, edit func(string) string) *runRig {
	t.Helper()
	r := &runRig{srv: mailtest.NewMemServer(t), smtp: mailtest.NewSMTPServer(t), clock: keepwarm.NewManualClock(t0.Add(time.Minute)),
		stderr: &mailtest.LockedBuffer{}, stopped: make(chan struct{}), t: t,
		env: map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword}}
	for k, v := range env {
		r.env[k] = v
	}
	r.srv.AddUser(t, "sales@acme-export.com", "team-pw")
	r.srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	r.srv.Append(t, "lily@acme-export.com", "INBOX", urgentOrder.Bytes(), t0)
	if !strings.Contains(extra, "[digest]") {
		extra += "\n" + noDigestsDue
	}
	r.config = writeConfig(t, r.srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
%s`, r.smtp.URL().String(), mailtest.SMTPUser, extra))
	if edit != nil {
		conf, err := os.ReadFile(r.config)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(r.config, []byte(edit(string(conf))), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, r.stderr, func(k string) string { return r.env[k] })
	m.Clock = r.clock
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		defer close(r.stopped)
		r.code = m.Run(ctx, []string{"--config", r.config, "--log-level", level, "run"})
	}()
	t.Cleanup(r.stop)
	r.db = openReadOnly(t, filepath.Join(filepath.Dir(r.config), "kw.db"))
	waitFor(t, "the order stored", func() bool { st, err := r.db.Stats(context.Background()); return err == nil && st.Messages >= 1 })
	return r
}

// stop ends the daemon and waits (10 s at most) for it to return.
func (r *runRig) stop() {
	r.stopOnce.Do(func() {
		r.cancel()
		select {
		case <-r.stopped:
		case <-time.After(10 * time.Second):
			r.t.Error("run did not stop")
		}
	})
}

// nudges lists the nudges in the outbox.
func (r *runRig) nudges() []keepwarm.OutboxItem {
	items, _ := r.db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Origin: "nudge"})
	return items
}

// waitOrShow is waitFor that, when it times out, shows the nudges in the
// outbox, how many mails the SMTP server took and the daemon's log: a wait
// that times out on a loaded machine then says what it waited behind.
func (r *runRig) waitOrShow(what string, ok func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			var b strings.Builder
			for _, it := range r.nudges() {
				fmt.Fprintf(&b, "  %s %s attempts=%d due=%s next=%s err=%q\n", it.Key, it.Status, it.Attempts,
					it.DueAt.Format(time.TimeOnly), it.NextAttemptAt.Format(time.TimeOnly), it.LastError)
			}
			r.t.Fatalf("timed out waiting for %s\nnudges:\n%smails taken: %d\nlog:\n%s", what, b.String(), len(r.smtp.Messages()), r.stderr.String())
		}
		time.Sleep(20 * time.Millisecond) // polling an outcome, not a schedule
	}
}
