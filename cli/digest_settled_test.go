package cli

import (
	"testing"
	"time"

	"keepwarm"
)

// Lily's digest lists the price list that may not have gone out under
// "Sends to check" until she deals with it; then it no longer does.
func TestDigestLeavesOutASendDealtWith(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	lily := "lily@acme-export.com"
	tue := t0.Add(24 * time.Hour)
	items, err := r.m.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Status: []keepwarm.OutboxStatus{keepwarm.OutboxUncertain}})
	r.must(err)
	if len(items) != 1 {
		t.Fatalf("uncertain items: %+v", items)
	}
	d, err := r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, tue)
	r.must(err)
	if len(d.Uncertain) != 1 || d.Uncertain[0].ID != items[0].ID {
		t.Fatalf("before: sends to check %+v", d.Uncertain)
	}
	r.must(r.m.db.SettleOutbox(r.ctx, items[0].ID, "dealt with by "+lily, tue))
	d, err = r.m.app.NewDigests(nil, nil).Build(r.ctx, lily, tue)
	r.must(err)
	if len(d.Uncertain) != 0 {
		t.Fatalf("after it was dealt with: sends to check %+v", d.Uncertain)
	}
}
