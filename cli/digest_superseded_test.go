package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestStillQueuedIsSupersededByTheNextDay: Lily's Monday digest went
// out; then [notify] could not send (its password refused) and Tuesday's
// digest stayed queued. Wednesday's digest takes its place: Tuesday's is
// skipped as superseded, not sent a day late beside it with news since
// dealt with, and Wednesday's starts where Monday's, the last one sent,
// ended, so nothing Tuesday's held is lost.
func TestDigestStillQueuedIsSupersededByTheNextDay(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	r.tickAt(t0, r.m.app.NewDigests(nil, nil)) // Monday 09:00 in Shanghai: sent
	lily := func() map[string]keepwarm.OutboxItem {
		out := map[string]keepwarm.OutboxItem{}
		for _, it := range r.digests() {
			if strings.HasPrefix(it.Key, "digest:lily@") {
				out[it.Key] = it
			}
		}
		return out
	}
	if got := lily()["digest:lily@acme-export.com:2026-11-02"]; got.Status != keepwarm.OutboxSent {
		t.Fatalf("Monday's digest: %+v", got)
	}
	// Tuesday and Wednesday: the job queues, nothing can send.
	for _, at := range []time.Time{t0.Add(24 * time.Hour), t0.Add(48 * time.Hour)} {
		r.clock.Set(at)
		r.must(sequences.NewEngine(r.clock, r.m.log, r.m.app.NewDigests(nil, nil)).Tick(r.ctx))
	}
	tue, wed := lily()["digest:lily@acme-export.com:2026-11-03"], lily()["digest:lily@acme-export.com:2026-11-04"]
	if tue.Status != keepwarm.OutboxSkipped || !strings.Contains(tue.LastError, "superseded by the digest of 2026-11-04") {
		t.Errorf("Tuesday's digest, still queued when Wednesday's was: %s %q", tue.Status, tue.LastError)
	}
	if wed.Status != keepwarm.OutboxQueued {
		t.Errorf("Wednesday's digest: %s %q", wed.Status, wed.LastError)
	}
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", t0.Add(48*time.Hour))
	r.must(err)
	if !d.Since.Equal(t0) {
		t.Errorf("Wednesday's digest starts at %s, want Monday's %s, the last one sent", d.Since, t0)
	}
	before := len(r.smtp.Messages())
	_, err = r.disp.RunOnce(r.ctx, r.clock.Now())
	r.must(err)
	if n := len(r.smtp.Messages()) - before; n != 1 {
		t.Errorf("%d digests sent once [notify] could send, want Wednesday's alone", n)
	}
	if got := lily()["digest:lily@acme-export.com:2026-11-03"]; got.Status != keepwarm.OutboxSkipped {
		t.Errorf("Tuesday's digest after the dispatch: %s", got.Status)
	}
}
