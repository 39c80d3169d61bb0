package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestChatNudgesSurviveSIGKILL kills keepwarm with SIGKILL while it queues
// and posts chat nudges to a WeCom stand-in in the test process, restarts
// it, again and again, then lets it finish. A nudge queued but not yet
// posted when the process died is posted by the next run, once; a post the
// kill interrupted (the request may have arrived) is marked uncertain and
// never posted again. So no nudge arrives twice and none is lost silently.
func TestChatNudgesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	conf = []byte(strings.Replace(string(conf), `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"wecom:lily\"]", 1))
	if err := os.WriteFile(r.config, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Delay(40 * time.Millisecond) // the kill often lands while a post is in flight
	t.Setenv("WECOM_URL", robot.URL)   // the children read the real environment
	t.Setenv("LILY_PW", mailtest.SMTPPassword)
	r.env["WECOM_URL"] = robot.URL

	// Customers keep writing: before each run a few more mails arrive, due
	// for their nudge at that run, so every run queues nudges and posts.
	buyers := 0
	arrive := func(n int, at time.Time) {
		for range n {
			buyers++
			i := buyers
			m := mailtest.Msg{From: fmt.Sprintf("Buyer %d <buyer%d@b%d.example>", i, i, i), To: mailtest.SMTPUser,
				Subject: fmt.Sprintf("RFQ-%03d LED panels", i), MessageID: fmt.Sprintf("rfq-%d@b%d.example", i, i),
				Date: at, Body: "Please quote 2000 pcs.\n"}
			srv.Append(t, mailtest.SMTPUser, "INBOX", m.Bytes(), at)
		}
	}
	t0 := day(0)
	arrive(20, t0)
	r.must(t0.Add(time.Minute), "sync")

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 17))
	t.Logf("seed %d", seed)
	due := t0.Add(5 * time.Minute)
	killed, midPost, queuedAfterKill := 0, 0, 0
	for i := 0; (killed < 12 || midPost < 3) && i < 60; i++ {
		at := due.Add(time.Duration(i) * time.Second)
		if i > 0 {
			arrive(3+rng.IntN(12), at.Add(-5*time.Minute))
		}
		cmd := r.child(at)
		before := robot.Requests()
		var outb strings.Builder
		cmd.Stdout, cmd.Stderr = &outb, &outb
		exited := make(chan struct{})
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { _ = cmd.Wait(); close(exited) }()
		deadline := time.Now().Add(5 * time.Second)
		for robot.Requests() == before && time.Now().Before(deadline) && !isDone(exited) {
			time.Sleep(time.Millisecond) // polling an outcome, not a schedule
		}
		extra := rng.IntN(50)
		if robot.Requests() == before {
			extra = rng.IntN(300)
		} else {
			midPost++
		}
		time.Sleep(time.Duration(extra) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil && !isDone(exited) {
			killed++
		}
		<-exited
		if n := chatStatuses(t, r)[keepwarm.OutboxQueued]; n > 0 {
			queuedAfterKill++
		}
		if testing.Verbose() {
			t.Logf("run %d: %s", i, strings.TrimSpace(outb.String()))
		}
	}
	out, err := r.child(due.Add(time.Minute)).CombinedOutput()
	if err != nil {
		t.Fatalf("final tick: %v\n%s", err, out)
	}
	t.Logf("%d kills (%d while posting, %d leaving nudges queued), final: %s", killed, midPost, queuedAfterKill, strings.TrimSpace(string(out)))
	if killed < 12 || midPost < 3 || queuedAfterKill < 1 {
		t.Fatalf("%d kills, %d while posting, %d with nudges queued: the test did not exercise crashes", killed, midPost, queuedAfterKill)
	}

	got := map[string]int{}
	for _, p := range robot.Posts() {
		for i := 1; i <= buyers; i++ {
			got[fmt.Sprintf("RFQ-%03d", i)] += strings.Count(p.Text, fmt.Sprintf("RFQ-%03d", i))
		}
		if strings.Join(p.Mentions, ",") != "lily" {
			t.Errorf("a post mentions %v, want lily", p.Mentions)
		}
	}
	db := chatDB(t, r)
	items, err := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Mailbox: keepwarm.ChatMailbox("wecom")})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != buyers {
		t.Fatalf("%d chat items, want %d", len(items), buyers)
	}
	uncertain := 0
	for _, it := range items {
		rfq := strings.Fields(it.Chat.Subject)[0]
		n := got[rfq]
		switch {
		case n > 1:
			t.Errorf("%s arrived %d times", rfq, n)
		case it.Status == keepwarm.OutboxSent && n != 1:
			t.Errorf("%s: marked sent, arrived %d times", rfq, n)
		case it.Status == keepwarm.OutboxUncertain:
			uncertain++
		case it.Status != keepwarm.OutboxSent:
			t.Errorf("%s: left %s (arrived %d times): lost silently", rfq, it.Status, n)
		}
	}
	t.Logf("%d posted once, %d uncertain", buyers-uncertain, uncertain)
}

func chatDB(t *testing.T, r *seqRig) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), seqDay0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func chatStatuses(t *testing.T, r *seqRig) map[keepwarm.OutboxStatus]int {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(r.config), "kw.db"), seqDay0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.ListOutbox(context.Background(), keepwarm.OutboxFilter{Mailbox: keepwarm.ChatMailbox("wecom")})
	if err != nil {
		t.Fatal(err)
	}
	out := map[keepwarm.OutboxStatus]int{}
	for _, it := range items {
		out[it.Status]++
	}
	return out
}
