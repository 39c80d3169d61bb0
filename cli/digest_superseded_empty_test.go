package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// queueMondaysDigest queues the digest of to for Monday 2026-11-02, as the
// job does when [notify] cannot send it: it stays queued.
func queueMondaysDigest(r *digestRig, to string) {
	r.t.Helper()
	_, _, err := r.m.db.Enqueue(r.ctx, keepwarm.OutboxItem{Key: sequences.DigestKey(to, "2026-11-02"), MessageID: "kw-digest-mon@acme-export.com",
		Mailbox: "notify", From: keepwarm.Address{Email: "keepwarm@acme-export.com"}, To: []keepwarm.Address{{Email: to}},
		Subject: "keepwarm digest 2026-11-02", Text: "Waiting for an answer: Hans Meier", Mode: keepwarm.ModeSend,
		Origin: sequences.OriginDigest, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
	r.must(err)
}

// TestDigestSendOnAnEmptyDaySupersedesTheOneStillQueued: [digest] runs
// from cron as `digest --send`. Tom's Monday digest was queued while
// [notify] could not send, and is still queued; Tuesday's is empty. The
// empty day takes its place as the job's would: Monday's is skipped as
// superseded (not sent when [notify] comes back, listing mail long
// answered), and Tuesday is recorded empty.
func TestDigestSendOnAnEmptyDaySupersedesTheOneStillQueued(t *testing.T) {
	for _, c := range []struct {
		name   string
		at     time.Time
		record bool
	}{
		{"after the digest's time", t0.Add(24 * time.Hour), true}, // 09:00 in Shanghai
		// Before it, the day is not decided: the job may still find news
		// for it and send it.
		{"before the digest's time", t0.Add(22 * time.Hour), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newDigestRig(t, "")
			tom := "tom@acme-export.com"
			mon := sequences.DigestKey(tom, "2026-11-02")
			queueMondaysDigest(r, tom)
			out := newCLI(t, r.path, r.env).mustRun("--now", c.at.Format(time.RFC3339), "digest", "--send", "--salesperson", tom)
			if !strings.Contains(out, "every section is empty, nothing to send") {
				t.Errorf("digest --send on an empty day:\n%s", out)
			}
			// The operator who ran it to push Monday's out hears it is not sent.
			if !strings.Contains(out, "digest for tom@acme-export.com (2026-11-02): still queued, not sent: superseded") {
				t.Errorf("digest --send on an empty day does not say Monday's is superseded:\n%s", out)
			}
			it, ok, err := r.m.db.OutboxByKey(r.ctx, mon)
			r.must(err)
			if !ok || it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "superseded by the digest of 2026-11-03") {
				t.Errorf("Monday's digest still queued after Tuesday's empty one: %s %q", it.Status, it.LastError)
			}
			day, ok, err := r.m.db.OutboxByKey(r.ctx, sequences.DigestKey(tom, "2026-11-03"))
			r.must(err)
			if ok != c.record || ok && day.Mode != keepwarm.ModeDryRun {
				t.Errorf("Tuesday recorded empty: %v %s, want %v", ok, day.Mode, c.record)
			}
		})
	}
}

// TestDigestSendWithNewsSaysTheOneStillQueuedIsSuperseded: Tom's Monday
// digest is still queued ([notify] could not send it). On Tuesday, with
// news, `digest --send` queues and sends Tuesday's, and says Monday's is
// not sent: Tuesday's takes its place.
func TestDigestSendWithNewsSaysTheOneStillQueuedIsSuperseded(t *testing.T) {
	r := newDigestRig(t, "")
	tom := "tom@acme-export.com"
	mon := sequences.DigestKey(tom, "2026-11-02")
	queueMondaysDigest(r, tom)
	msg := inboundFrom("rfq@initech.com", "pat@initech.com", "RFQ", t0.Add(2*time.Hour))
	msg.To = []keepwarm.Address{{Email: tom}}
	r.save("tom", msg)
	out := newCLI(t, r.path, r.env).mustRun("--now", t0.Add(24*time.Hour).Format(time.RFC3339), "digest", "--send", "--salesperson", tom)
	if !strings.Contains(out, "digest for tom@acme-export.com (2026-11-03): queued") ||
		!strings.Contains(out, "digest for tom@acme-export.com (2026-11-02): still queued, not sent: superseded by the one of 2026-11-03") {
		t.Errorf("digest --send with news does not say Monday's is superseded:\n%s", out)
	}
	it, ok, err := r.m.db.OutboxByKey(r.ctx, mon)
	r.must(err)
	if !ok || it.Status != keepwarm.OutboxSkipped {
		t.Errorf("Monday's digest: %s %q", it.Status, it.LastError)
	}
}
