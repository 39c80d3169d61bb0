package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Hans's resend is held because the manager gave key-customer workdays
// that leave a German customer no day. cron runs `keepwarm tick --quiet`
// every 5 minutes at the default log level: a tick with nothing new
// writes nothing. Each tick, a new process, looked at the held resend
// again at its start, held it again and said both, so cron mailed two
// lines every 5 minutes while the window never opened.
func TestQuietTicksDoNotReleaseAndHoldAgainTheMailOfAWindowThatNeverOpens(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "sequences", "defaults", "key-customer.toml"))
	if err != nil {
		t.Fatal(err)
	}
	seqs := t.TempDir()
	file := filepath.Join(seqs, "key-customer.toml")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r := newSeqRig(t, mailtest.NewMemServer(t), "\n[sequences]\ndir = \""+seqs+"\"\n")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	never := strings.Replace(string(b), "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n", 1)
	if never == string(b) {
		t.Fatal("key-customer.toml has no [window] line to put workdays after")
	}
	if err := os.WriteFile(file, []byte(never), 0o600); err != nil {
		t.Fatal(err)
	}
	r.tick(day(3).Add(time.Hour))
	if o := r.outbox(); len(o) != 1 || o[0].Status != keepwarm.OutboxQueued || !strings.Contains(o[0].LastError, "has no working day") {
		t.Fatalf("the resend is not held by the window that never opens: %+v", o)
	}
	quiet := func(at time.Time) (int, string, string) {
		var out, errb bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string { return r.env[k] })
		m.Clock = keepwarm.NewManualClock(at)
		code := m.Run(context.Background(), []string{"--config", r.config, "tick", "--quiet"})
		return code, out.String(), errb.String()
	}
	at := day(3).Add(2 * time.Hour)
	quiet(at)
	if code, out, errs := quiet(at.Add(5 * time.Minute)); code != 0 || out != "" || errs != "" {
		t.Fatalf("a quiet tick with nothing new: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if r.delivered() != 0 {
		t.Fatal("the resend went out")
	}
}
