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
// `digest --send` for the whole team. Lily's digest, the first built,
// cannot be built (one of her tasks cannot be read); Tom's, after hers, is
// built, queued and goes out in the same run, the error output names
// Lily's, and the command exits non-zero so the cron owner hears of it.
func TestDigestSendForTheTeamGoesOnPastOnePersonsError(t *testing.T) {
	r := newDigestRig(t, "")
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Price please", t0.Add(2*time.Hour)))
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai
	_, err := r.m.db.AddTask(r.ctx, keepwarm.Task{Key: "call:lily:1", CustomerID: 1, Owner: "lily@acme-export.com",
		Title: "Phone Hans", DueAt: t0, CreatedAt: t0})
	r.must(err)
	_, err = r.m.db.AddTask(r.ctx, keepwarm.Task{Key: "call:tom:1", CustomerID: 1, Owner: "tom@acme-export.com",
		Title: "Phone Pat", DueAt: tue.Add(-time.Hour), CreatedAt: t0})
	r.must(err)
	raw := sqlDB(t, filepath.Dir(r.path))
	if _, err := raw.Exec(`UPDATE tasks SET due_at = 'tomorrow' WHERE key = 'call:lily:1'`); err != nil {
		t.Fatal(err)
	}
	if p := r.m.cfg.Salespeople; len(p) != 2 || p[0].Email != "lily@acme-export.com" {
		t.Fatalf("the team is %+v, want Lily's digest built first", p)
	}
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send")
	if code == 0 {
		t.Errorf("digest --send with Lily's digest failing exited 0:\n%s\n%s", out, errs)
	}
	if !strings.Contains(errs, "digest for lily@acme-export.com: tasks: ") {
		t.Errorf("the output does not name Lily's error:\n%s\n%s", out, errs)
	}
	sent := 0
	for _, it := range r.digests() {
		if strings.EqualFold(it.To[0].Email, "lily@acme-export.com") {
			t.Errorf("a digest for Lily, whose digest failed: %+v", it)
		}
		if strings.EqualFold(it.To[0].Email, "tom@acme-export.com") && it.Status == keepwarm.OutboxSent {
			sent++
		}
	}
	if sent != 1 {
		t.Errorf("Tom's digest not sent in the run that failed on Lily's: %+v\n%s\n%s", r.digests(), out, errs)
	}
}
