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

	"keepwarm/internal/mailtest"
)

// TestSyncStoppedSaysWhatIsKept: a first sync stopped (Ctrl-C) after its
// first batch was stored says what the store holds and that the next sync
// resumes, exit 130; no "context canceled", which reads as a broken
// database to a newcomer.
func TestSyncStoppedSaysWhatIsKept(t *testing.T) {
	code, out, errs := stopMidSync(t, "sync", "--texts", "0")
	if code != 130 || strings.Contains(errs, "context canceled") || !strings.Contains(errs, "the next keepwarm sync (or run, or tick) resumes there") ||
		!strings.Contains(out, "sync stopped after") || !strings.Contains(out, "store: ") {
		t.Fatalf("sync stopped: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestTickStoppedSaysWhatIsKept: the same for a tick.
func TestTickStoppedSaysWhatIsKept(t *testing.T) {
	code, out, errs := stopMidSync(t, "tick", "--texts", "0")
	if code != 130 || strings.Contains(errs, "context canceled") || !strings.Contains(errs, "the next keepwarm sync (or run, or tick) resumes there") {
		t.Fatalf("tick stopped: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// stopMidSync runs args over a team mailbox of 1,500 messages whose
// server goes silent part-way, and cancels the command's context once its
// first batch is stored.
func stopMidSync(t *testing.T, args ...string) (int, string, string) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	msgs := make([][]byte, 1500)
	for i := range msgs {
		msgs[i] = mailtest.Msg{From: fmt.Sprintf("Buyer %d <b%d@globex%d.de>", i, i, i%50), To: "sales@acme-export.com",
			Subject: fmt.Sprintf("Inquiry %d", i), MessageID: fmt.Sprintf("inq-%d@globex.de", i), Date: t0.Add(time.Duration(i) * time.Minute),
			Body: strings.Repeat("Please quote. ", 40)}.Bytes()
	}
	mailtest.AppendMany(t, srv.Dial(t, "sales@acme-export.com"), "INBOX", msgs, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) })
	// The team's server goes silent part-way: the sync hangs there until
	// it is stopped.
	proxy := mailtest.NewStallProxy(t, srv.Addr(), 400<<10)
	path := writeConfig(t, srv, "")
	conf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The first url is the team's.
	conf = bytes.Replace(conf, []byte(fmt.Sprintf("url = %q", srv.URL().String())), []byte(fmt.Sprintf("url = \"imap://%s\"", proxy.Addr())), 1)
	if err := os.WriteFile(path, conf, 0o600); err != nil {
		t.Fatal(err)
	}

	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string { return map[string]string{"TEAM_PW": "team-pw"}[k] })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, append([]string{"--config", path, "--log-level", "warn"}, args...)) }()
	db := openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	waitFor(t, "the first batch stored", func() bool { st, err := db.Stats(context.Background()); return err == nil && st.Messages > 0 })
	cancel()
	select {
	case code := <-done:
		return code, out.String(), errb.String()
	case <-time.After(20 * time.Second):
		t.Fatalf("%v did not stop", args)
	}
	return 0, "", ""
}
