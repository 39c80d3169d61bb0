package cli

import (
	"testing"
	"time"
)

// TestDigestAfterALateOneStartsWhereItEnded: Lily's Tuesday digest, due at
// 08:30, was built at 13:30 (the daemon was down): it covered the morning.
// Wednesday's starts at 13:30 Tuesday, not at Tuesday's 08:30, so nothing
// of the morning is news twice.
func TestDigestAfterALateOneStartsWhereItEnded(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	tue := t0.Add(24 * time.Hour) // Tuesday 09:00 in Shanghai
	late := tue.Add(4*time.Hour + 30*time.Minute)
	r.tickAt(late, r.m.app.NewDigests(nil, nil))
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", tue.Add(23*time.Hour+30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Since.Equal(late) {
		t.Errorf("Wednesday's digest starts at %s, want %s when Tuesday's was built", d.Since, late)
	}
	// The day before, with no digest built, starts at its time.
	d, err = r.m.app.NewDigests(nil, nil).Build(r.ctx, "lily@acme-export.com", tue)
	if err != nil {
		t.Fatal(err)
	}
	if want := tue.Add(-24*time.Hour - 30*time.Minute); !d.Since.Equal(want) {
		t.Errorf("Tuesday's digest starts at %s, want %s", d.Since, want)
	}
}
