package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// waitHeld waits (20 s at most) until the SMTP server holds a DATA command.
func waitHeld(t *testing.T, h *mailtest.Hold) {
	t.Helper()
	select {
	case <-h.Held:
	case <-time.After(20 * time.Second):
		t.Fatal("no DATA reached the SMTP server")
	}
}

// TestDigestSendStoppedWhileTheServerAnswers: `digest --send` is stopped
// (SIGTERM, here its context cancelled) while the SMTP server has the
// digest and has not answered; the server then says 250. The digest is
// recorded as sent, the command says so and exits 0, and a later run sends
// nothing again.
func TestDigestSendStoppedWhileTheServerAnswers(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	hold := r.smtp.HoldNextData()
	defer hold.Release()
	ctx, stop := context.WithCancel(context.Background())
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := c.run(ctx, "--now", t0.Add(24*time.Hour).Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
		done <- result{code, out, errOut}
	}()
	waitHeld(t, hold)
	stop()
	hold.Release()
	var res result
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("digest --send did not return after the stop")
	}
	if res.code != 0 || !strings.Contains(res.out, "sent 1,") || strings.Contains(res.errOut, "context canceled") {
		t.Fatalf("digest --send stopped mid-send: exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.errOut)
	}
	ds := r.digests()
	if len(ds) != 1 || ds[0].Status != keepwarm.OutboxSent {
		t.Fatalf("digests after the stop: %+v", ds)
	}
	c.mustRun("--now", t0.Add(24*time.Hour+time.Minute).Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
	if n := r.smtp.DataCount(); n != 1 {
		t.Fatalf("%d DATA commands, want the digest once", n)
	}
}

// TestSecondSignalQuitsAtOnce: keepwarm as its own process, stopped with
// SIGINT while the SMTP server sits on a digest, says it is stopping and
// how to quit now, and keeps waiting for the send; a second SIGINT ends it
// at once. Also when keepwarm started with SIGINT ignored, as a background
// job of a shell script (or of a test binary run so) does: os/signal then
// gives SIGINT back its inherited "ignore" once keepwarm stops listening,
// and the second Ctrl-C went unheard; there it exits 130.
func TestSecondSignalQuitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	// This process's SIGINT disposition is the child's: ignored when the
	// test binary itself started as such a background job.
	inherited := signal.Ignored(os.Interrupt)
	for _, tc := range []struct {
		name    string
		ignored bool // keepwarm starts with SIGINT ignored
	}{{"as started", inherited}, {"started with SIGINT ignored", true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newDigestRig(t, "")
			r.seedLily()
			hold := r.smtp.HoldNextData()
			defer hold.Release()
			var pre []string
			if tc.ignored && !inherited {
				// A shell's `trap "" INT` is inherited across exec as SIG_IGN.
				pre = []string{"/bin/sh", "-c", `trap "" INT; exec "$0" "$@"`}
			}
			cmd, stderr, exited := startDigestSend(t, r, pre...)
			waitHeld(t, hold)
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the stopping line", func() bool { return strings.Contains(stderr.String(), "press Ctrl-C again to quit now") })
			select {
			case err := <-exited:
				t.Fatalf("the first SIGINT ended the process during the send's grace: %v\n%s", err, stderr)
			default:
			}
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("after the second SIGINT: %v, want an interrupted exit\n%s", err, stderr)
				}
				ws := ee.Sys().(syscall.WaitStatus)
				if tc.ignored && (ws.Signaled() || ws.ExitStatus() != 130) || !tc.ignored && ws.Signal() != syscall.SIGINT {
					t.Fatalf("after the second SIGINT: %v, want %s\n%s", err, map[bool]string{false: "killed by SIGINT", true: "exit status 130"}[tc.ignored], stderr)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("the second SIGINT did not end the process\n%s", stderr)
			}
		})
	}
}

// TestTickSettlesAnInterruptedNotifySend: a nudge through [notify] (which
// has no IMAP mailbox) that a crash left in `sending` is settled by the
// next start as uncertain, with a note saying why, instead of "no IMAP
// mailbox named notify" at every start; it is not resent.
func TestTickSettlesAnInterruptedNotifySend(t *testing.T) {
	srv, smtpSrv := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	nudge, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:urgent@globex.de:1", MessageID: "kw-nudge@acme-export.com",
		Mailbox: config.NotifyMailbox, From: keepwarm.Address{Email: "keepwarm@acme-export.com"},
		To: []keepwarm.Address{{Email: "lily@acme-export.com"}}, Subject: "Reply due: Hans Meier", Text: "Hans is waiting.",
		Mode: keepwarm.ModeSend, Origin: sequences.OriginNudge, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{nudge.ID}, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword})
	// The first tick settles it and reports it (it may have gone out:
	// exit 4); the next does neither again.
	for start := range 2 {
		code, out, errOut := c.run(ctx, "--now", t0.Add(time.Minute).Format(time.RFC3339), "tick", "--texts", "0")
		want, told := 0, strings.Contains(errOut, "keepwarm: outbox 1 (to lily@acme-export.com from notify")
		if start == 0 {
			want, told = gaveUpExit, !told
		}
		if code != want || told || strings.Contains(errOut, "reconcile") {
			t.Fatalf("tick %d: exit %d\nstdout: %s\nstderr: %s", start+1, code, out, errOut)
		}
	}
	db = openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	got, err := db.OutboxItem(ctx, nudge.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.OutboxUncertain || got.LastError != mailsync.InterruptedNoMailbox {
		t.Fatalf("interrupted nudge: %s %q, want uncertain with the note", got.Status, got.LastError)
	}
	if n := smtpSrv.DataCount(); n != 0 {
		t.Fatalf("%d DATA commands: the interrupted nudge was resent", n)
	}
}

// TestRunStopWaitsForTheSendUnderWay: `keepwarm run` stopped while the
// SMTP server sits on a nudge says what it waits for, records the nudge as
// sent once the server answers, and stops without a "still busy" line.
func TestRunStopWaitsForTheSendUnderWay(t *testing.T) {
	r := startRun(t, "info", "", nil, nil)
	hold := r.smtp.HoldNextData()
	defer hold.Release()
	r.clock.Set(t0.Add(5 * time.Minute))
	waitHeld(t, hold)
	r.cancel()
	waitFor(t, "the stopping line", func() bool {
		return strings.Contains(r.stderr.String(), "waiting for the send under way")
	})
	hold.Release()
	r.stop()
	ns := r.nudges()
	if len(ns) != 1 || ns[0].Status != keepwarm.OutboxSent {
		t.Fatalf("nudges after the stop: %+v\n%s", ns, r.stderr)
	}
	if log := r.stderr.String(); strings.Contains(log, "still busy") || strings.Contains(log, "did not stop in time") {
		t.Fatalf("stop log:\n%s", log)
	}
}

// TestHangupStopsGracefully: a closed terminal or a dropped SSH session
// (SIGHUP) stops keepwarm as SIGINT does: the send under way gets its
// grace, is recorded as sent, and the process exits cleanly; a second
// SIGHUP does not cut it short.
func TestHangupStopsGracefully(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	r := newDigestRig(t, "")
	r.seedLily()
	hold := r.smtp.HoldNextData()
	defer hold.Release()
	cmd, stderr, exited := startDigestSend(t, r)
	waitHeld(t, hold)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the stopping line", func() bool { return strings.Contains(stderr.String(), "press Ctrl-C again to quit now") })
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	hold.Release()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGHUP: %v\n%s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("SIGHUP: the process did not stop\n%s", stderr)
	}
	if ds := r.digests(); len(ds) != 1 || ds[0].Status != keepwarm.OutboxSent {
		t.Fatalf("the digest after SIGHUP: %+v\n%s", ds, stderr)
	}
}

// TestRunStoppedByHangupExitsNonZero: `keepwarm run` stopped by SIGHUP
// (an admin's reload habit, a logrotate postrotate under systemd) stops
// gracefully and exits 129, so Restart=on-failure brings it back instead
// of taking a clean exit for an intended stop; SIGTERM still exits 0.
func TestRunStoppedByHangupExitsNonZero(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGHUP, 129}, {syscall.SIGTERM, 0}} {
		r := newDigestRig(t, "")
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKeepwarmProcess$", "--", "--config", r.path, "run")
		cmd.Env = append(os.Environ(), "KEEPWARM_HELPER_PROCESS=1", "KEEPWARM_HELPER_SIGNALS=1",
			"TEAM_PW=x", "TOM_PW=x", "LILY_SECRET_FOR_TEST=x", "NOTIFY_PW="+mailtest.SMTPPassword)
		stderr := &mailtest.LockedBuffer{}
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		waitFor(t, "keepwarm running", func() bool {
			select {
			case err := <-exited:
				t.Fatalf("run ended before running: %v\n%s", err, stderr)
			default:
			}
			return strings.Contains(stderr.String(), "keepwarm running")
		})
		if err := cmd.Process.Signal(tc.sig); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-exited:
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Fatalf("run stopped by %v: exit %d, want %d\n%s", tc.sig, code, tc.code, stderr)
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: run did not stop\n%s", tc.sig, stderr)
		}
	}
}

// startDigestSend starts Lily's `digest --send` as its own process (run
// through pre, a wrapper command, when given) with signals handled as
// the real binary does; it is killed when the test ends. exited gets the
// process's end.
func startDigestSend(t *testing.T, r *digestRig, pre ...string) (*exec.Cmd, *mailtest.LockedBuffer, chan error) {
	t.Helper()
	args := append(pre, os.Args[0], "-test.run=^TestHelperKeepwarmProcess$", "--",
		"--config", r.path, "--now", t0.Add(24*time.Hour).Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "KEEPWARM_HELPER_PROCESS=1", "KEEPWARM_HELPER_SIGNALS=1",
		"TEAM_PW=x", "TOM_PW=x", "NOTIFY_PW="+mailtest.SMTPPassword)
	stderr := &mailtest.LockedBuffer{}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, stderr, exited
}
