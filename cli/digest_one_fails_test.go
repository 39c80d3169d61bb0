package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestDigestSendForTheTeamGoesOnPastOnePersonsError: cron runs
// `digest --send` for the whole team. Lily's digest is built and queued;
// Tom's cannot be built (one of his tasks cannot be read). Lily's still
// goes out in the same run, the error output names Tom's, and the command
// exits non-zero so the cron owner hears of it.
func TestDigestSendForTheTeamGoesOnPastOnePersonsError(t *testing.T) {
	r := newDigestRig(t, "")
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Price please", t0.Add(2*time.Hour)))
	_, err := r.m.db.AddTask(r.ctx, keepwarm.Task{Key: "call:tom:1", CustomerID: 1, Owner: "tom@acme-export.com",
		Title: "Phone Pat", DueAt: t0, CreatedAt: t0})
	r.must(err)
	raw := sqlDB(t, filepath.Dir(r.path))
	if _, err := raw.Exec(`UPDATE tasks SET due_at = 'tomorrow' WHERE key = 'call:tom:1'`); err != nil {
		t.Fatal(err)
	}
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send")
	if code == 0 {
		t.Errorf("digest --send with Tom's digest failing exited 0:\n%s\n%s", out, errs)
	}
	if !strings.Contains(errs, "digest for tom@acme-export.com: tasks: ") {
		t.Errorf("the output does not name Tom's error:\n%s\n%s", out, errs)
	}
	sent := 0
	for _, it := range r.digests() {
		if strings.EqualFold(it.To[0].Email, "lily@acme-export.com") && it.Status == keepwarm.OutboxSent {
			sent++
		}
	}
	if sent != 1 {
		t.Errorf("Lily's digest not sent in the run that failed on Tom's: %+v\n%s\n%s", r.digests(), out, errs)
	}
}
