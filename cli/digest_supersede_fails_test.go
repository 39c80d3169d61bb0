package cli

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// mondaysDigestNotSuperseded is Lily's Monday digest queued, not sent
// ([notify] could not send it), a question to her on Monday evening, and
// the database refusing to skip a digest as superseded (its trigger
// refuse_skip); raw is the database.
func mondaysDigestNotSuperseded(t *testing.T) (r *digestRig, raw *sql.DB) {
	t.Helper()
	r = newDigestRig(t, "")
	r.seedLily()
	r.clock.Set(t0)
	r.must(sequences.NewEngine(r.clock, r.m.log, r.m.app.NewDigests(nil, nil)).Tick(r.ctx)) // Monday's: queued, not sent
	raw = sqlDB(t, filepath.Dir(r.path))
	if _, err := raw.Exec(`CREATE TRIGGER refuse_skip BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'skipped' AND NEW.last_error LIKE 'superseded by the digest of %'
		BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`); err != nil {
		t.Fatal(err)
	}
	r.save("lily", inboundFrom("tue@globex.de", "hans@globex.de", "Tuesday question", t0.Add(20*time.Hour)))
	return r, raw
}

// Lily's Monday digest stayed queued ([notify] could not send). On Tuesday
// `digest --send --salesperson lily` queues Tuesday's, but skipping
// Monday's as superseded fails (the database refuses the write). The run
// says Tuesday's is queued, sends it as it sends what it queued, and
// fails naming the step that did not happen.
func TestDigestSendSendsTheDayQueuedWhenSupersedingFails(t *testing.T) {
	r, _ := mondaysDigestNotSuperseded(t)
	tue := t0.Add(24 * time.Hour)
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
	if code == 0 || !strings.Contains(errs, "could not be superseded") {
		t.Errorf("digest --send whose supersede failed: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "digest for lily@acme-export.com (2026-11-03): queued") {
		t.Errorf("the run does not say Tuesday's digest is queued:\n%s\n%s", out, errs)
	}
	for _, it := range r.digests() {
		if it.Key == "digest:lily@acme-export.com:2026-11-03" && it.Status != keepwarm.OutboxSent {
			t.Errorf("Tuesday's digest, queued in the run: %s %q\n%s\n%s", it.Status, it.LastError, out, errs)
		}
	}
}

// The digest job queued Lily's Tuesday digest, but skipping Monday's,
// still queued, failed. `digest --send` on Tuesday finds Tuesday's already
// queued: it skips Monday's as superseded before it sends, so Lily gets
// Tuesday's alone, not Monday's stale one beside it.
func TestDigestSendSupersedesAgainWhatAnEarlierRunLeftQueued(t *testing.T) {
	r, raw := mondaysDigestNotSuperseded(t)
	tue := t0.Add(24 * time.Hour)
	r.clock.Set(tue)
	_ = sequences.NewEngine(r.clock, r.m.log, r.m.app.NewDigests(nil, nil)).Tick(r.ctx) // Tuesday's queued, Monday's not skipped
	if _, err := raw.Exec(`DROP TRIGGER refuse_skip`); err != nil {
		t.Fatal(err)
	}
	byKey := func() map[string]keepwarm.OutboxItem {
		out := map[string]keepwarm.OutboxItem{}
		for _, it := range r.digests() {
			out[it.Key] = it
		}
		return out
	}
	if got := byKey(); got["digest:lily@acme-export.com:2026-11-02"].Status != keepwarm.OutboxQueued || got["digest:lily@acme-export.com:2026-11-03"].Status != keepwarm.OutboxQueued {
		t.Fatalf("before digest --send, Monday's and Tuesday's: %+v", got)
	}
	before := len(r.smtp.Messages())
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
	if code != 0 {
		t.Errorf("digest --send: exit %d\n%s\n%s", code, out, errs)
	}
	got := byKey()
	if mon := got["digest:lily@acme-export.com:2026-11-02"]; mon.Status != keepwarm.OutboxSkipped {
		t.Errorf("Monday's digest, still queued when Tuesday's was sent by hand: %s %q\n%s\n%s", mon.Status, mon.LastError, out, errs)
	}
	if tu := got["digest:lily@acme-export.com:2026-11-03"]; tu.Status != keepwarm.OutboxSent {
		t.Errorf("Tuesday's digest: %s %q\n%s\n%s", tu.Status, tu.LastError, out, errs)
	}
	if n := len(r.smtp.Messages()) - before; n != 1 {
		t.Errorf("%d digests sent, want Tuesday's alone\n%s\n%s", n, out, errs)
	}
	if !strings.Contains(out, "(2026-11-02): still queued, not sent: superseded") {
		t.Errorf("the run does not say Monday's was superseded:\n%s", out)
	}
}
