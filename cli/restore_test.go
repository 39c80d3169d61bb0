package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestRestoredBackupDoesNotSendAgain: a step queued when the nightly backup
// was taken and sent after it is, in the restored database, still queued
// with the same Message-ID. Its copy is in Lily's Sent: the tick after the
// restore syncs it and records the step as sent instead of sending it to
// Hans a second time.
func TestRestoredBackupDoesNotSendAgain(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	if r.delivered() != 0 || r.outbox()[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after 451: %+v", r.outbox())
	}
	backup := filepath.Join(t.TempDir(), "nightly.db")
	r.must(day(3).Add(time.Minute), "backup", backup)
	r.tick(day(3).Add(2 * time.Minute))
	if r.delivered() != 1 || r.outbox()[0].Status != keepwarm.OutboxSent {
		t.Fatalf("after the retry: %d delivered, %+v", r.delivered(), r.outbox())
	}

	// The README's restore, onto a new disk (this test's earlier handles
	// stay open on the old file): the configuration, and the backup as its
	// database, with no -wal or -shm beside it.
	dir := t.TempDir()
	for from, to := range map[string]string{r.config: filepath.Join(dir, "keepwarm.toml"), backup: filepath.Join(dir, "kw.db")} {
		raw, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.config = filepath.Join(dir, "keepwarm.toml")
	if lines := r.outbox(); lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("the restored database: %+v; want the step queued as the backup had it", lines)
	}
	if out := r.must(day(3).Add(4*time.Minute), "tick"); !strings.Contains(out, "1 queued mail(s) found in their mailbox's Sent") {
		t.Errorf("the tick after the restore said:\n%s", out)
	}
	r.tick(day(3).Add(6 * time.Minute))
	if n := r.delivered(); n != 1 {
		t.Errorf("Hans was sent the step %d times; want once", n)
	}
	if lines := r.outbox(); lines[0].Status != keepwarm.OutboxSent {
		t.Errorf("after the restore: %+v; want the step sent", lines)
	}
}
