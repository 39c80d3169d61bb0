package cli

import (
	"testing"
	"time"
)

// TestDigestAfterADayWithoutOneStartsAtTheLastOne: Lily's Monday digest
// went out at 09:00; keepwarm was then down until Wednesday 10:00, so no
// Tuesday digest was built. Wednesday's starts at Monday's, not at
// Tuesday's 08:30: what happened on Monday evening (a greeting missed, a
// follow-up not sent) is news in it, not lost between two digests.
func TestDigestAfterADayWithoutOneStartsAtTheLastOne(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	r.tickAt(t0, r.m.app.NewDigests(nil, nil)) // Monday 09:00 in Shanghai
	if n := len(r.digests()); n != 1 {
		t.Fatalf("Monday: %d digests", n)
	}
	wed := t0.Add(49 * time.Hour) // Wednesday 10:00
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", wed)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Since.Equal(t0) {
		t.Errorf("Wednesday's digest starts at %s, want %s when Monday's was built", d.Since, t0)
	}
	// The sequence that ended Monday 13:00, after Monday's digest.
	if len(d.Ended) != 1 {
		t.Errorf("Wednesday's digest lists %d ended sequences, want Monday afternoon's", len(d.Ended))
	}
}

// TestDigestAfterOneOnADayOffStartsThere: Lily's digest sent by hand on
// Saturday covered up to then; Monday's starts there, so Saturday's news
// is not repeated.
func TestDigestAfterOneOnADayOffStartsThere(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sat := t0.Add(5*24*time.Hour + time.Hour) // Saturday 10:00 in Shanghai
	g := r.m.app.NewDigests(nil, nil)
	d, err := g.Build(r.ctx, "lily@acme-export.com", sat)
	r.must(err)
	if _, err := g.Queue(r.ctx, d); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(sat)
	_, err = r.disp.RunOnce(r.ctx, sat)
	r.must(err)
	mon := t0.Add(7 * 24 * time.Hour)
	d, err = r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", mon)
	r.must(err)
	if !d.Since.Equal(sat) {
		t.Errorf("Monday's digest starts at %s, want %s when Saturday's was sent", d.Since, sat)
	}
}
