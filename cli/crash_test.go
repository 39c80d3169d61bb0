package cli

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestHelperKeepwarmProcess is not a test: the crash test re-executes the
// test binary with KEEPWARM_HELPER_PROCESS=1 to run keepwarm as a separate
// process it can SIGKILL. Arguments follow "--".
func TestHelperKeepwarmProcess(t *testing.T) {
	if os.Getenv("KEEPWARM_HELPER_PROCESS") != "1" {
		t.Skip("helper process for TestCrashWhileSendingABatch")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	// The tests' servers are test mailboxes: --now replays may send.
	m := NewMain(os.Stdin, os.Stdout, os.Stderr, func(k string) string {
		if k == ReplayEnv {
			return "1"
		}
		return os.Getenv(k)
	})
	if os.Getenv("KEEPWARM_HELPER_SIGNALS") == "1" { // as main runs it
		os.Exit(m.RunWithSignals(args, os.Exit))
	}
	os.Exit(m.Run(context.Background(), args))
}

// TestCrashWhileSendingABatch kills keepwarm with SIGKILL at random points
// while it sends a batch of follow-ups, restarts it, 25 times, then lets it
// finish: every buyer got the resend exactly once or it is marked
// uncertain; none is lost silently and none is sent twice. The SMTP server
// lives in the test process and outlives every kill.
func TestCrashWhileSendingABatch(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	t.Setenv("LILY_PW", mailtest.SMTPPassword) // the children read the real environment
	// A slow server: the kill often lands between DATA and the 250.
	r.smtp.OnMessage(func(mailtest.SMTPMessage) error { time.Sleep(20 * time.Millisecond); return nil })
	const buyers = 40
	for i := 1; i <= buyers; i++ {
		q := quotation
		q.To = fmt.Sprintf("Buyer %d <buyer%d@b%d.example>", i, i, i)
		q.MessageID = fmt.Sprintf("q-%d@seller.example", i)
		srv.Append(t, mailtest.SMTPUser, "Sent", q.Bytes(), seqDay0)
	}
	r.must(day(0).Add(time.Minute), "tick")
	if n := len(r.enrollments2()); n != buyers {
		t.Fatalf("%d enrollments, want %d", n, buyers)
	}

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d", seed)
	due := day(3) // 16:06 in Shanghai, the team's (and these buyers') zone: inside the window
	killed, midSend := 0, 0
	for i := 0; killed < 25 && i < 80; i++ {
		cmd := r.child(due.Add(time.Duration(i) * time.Second))
		before := r.smtp.DataCount()
		var outb strings.Builder
		cmd.Stdout, cmd.Stderr = &outb, &outb
		exited := make(chan struct{})
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { _ = cmd.Wait(); close(exited) }()
		// Kill while sending: once this process reached the SMTP server,
		// a few random milliseconds later; with nothing left to send, at a
		// random point of its start-up.
		deadline := time.Now().Add(3 * time.Second)
		for r.smtp.DataCount() == before && time.Now().Before(deadline) && !isDone(exited) {
			time.Sleep(time.Millisecond) // polling an outcome, not a schedule
		}
		extra := rng.IntN(30)
		if r.smtp.DataCount() == before {
			extra = rng.IntN(300)
		} else {
			midSend++
		}
		time.Sleep(time.Duration(extra) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil && !isDone(exited) {
			killed++
		}
		<-exited
		if testing.Verbose() {
			t.Logf("run %d: %s", i, strings.TrimSpace(outb.String()))
		}
	}
	// Then ticks as cron would run them, undisturbed: a tick sends at most
	// a batch (20) a mailbox, so when the kills came before most sends
	// (a loaded machine) more than one tick is needed; the mail still
	// queued after each is sent by the next, and none is lost.
	for i := 0; ; i++ {
		final := r.child(due.Add(time.Duration(i+1) * time.Minute))
		out, err := final.CombinedOutput()
		// Exit 4: it settled a send a kill interrupted as uncertain, and says so.
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == gaveUpExit && strings.Contains(string(out), "uncertain: interrupted while sending")) {
			t.Fatalf("final tick %d: %v\n%s", i+1, err, out)
		}
		t.Logf("%d kills (%d while sending), final tick %d: %s", killed, midSend, i+1, strings.TrimSpace(string(out)))
		queued := 0
		for _, l := range r.outbox() {
			if l.Status == keepwarm.OutboxQueued {
				queued++
			}
		}
		if queued == 0 || i == buyers/20 {
			break
		}
	}
	if killed < 25 || midSend < 10 {
		t.Fatalf("only %d kills, %d while sending: the test did not exercise crashes", killed, midSend)
	}

	got := map[string]int{}
	for _, m := range r.smtp.Messages() {
		for _, to := range m.To {
			got[strings.ToLower(to)]++
		}
	}
	lines := r.outbox()
	if len(lines) != buyers {
		t.Fatalf("%d outbox items, want %d: %+v", len(lines), buyers, lines)
	}
	uncertain := 0
	for _, l := range lines {
		n := got[l.To]
		switch {
		case n > 1:
			t.Errorf("%s got the resend %d times", l.To, n)
		case l.Status == keepwarm.OutboxSent && n != 1:
			t.Errorf("%s: marked sent, delivered %d times", l.To, n)
		case l.Status == keepwarm.OutboxUncertain:
			uncertain++
		case l.Status != keepwarm.OutboxSent:
			t.Errorf("%s: left %s (delivered %d): lost silently", l.To, l.Status, n)
		}
	}
	t.Logf("%d sent, %d uncertain", buyers-uncertain, uncertain)
}

func isDone(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// child is keepwarm `tick` at at, as a separate process.
func (r *seqRig) child(at time.Time) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperKeepwarmProcess$", "--",
		"--config", r.config, "--log-level", "error", "--now", at.Format(time.RFC3339), "tick")
	cmd.Env = append(os.Environ(), "KEEPWARM_HELPER_PROCESS=1")
	return cmd
}

func (r *seqRig) enrollments2() []string {
	r.t.Helper()
	out := r.must(day(0), "enrollments", "--live")
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if strings.HasPrefix(l, "(times in ") {
			continue
		}
		ids = append(ids, strings.Fields(l)[0])
	}
	return ids
}
