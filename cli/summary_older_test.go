package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A buyer wrote 10 days before Monday's summary and nobody answered. The
// week's figures leave the mail out (its clock started before the week),
// but the summary names it, as the web report does, with its owner and
// the count in JSON, instead of staying silent (or, with nothing else in
// the week, not being sent at all).
func TestSummaryNamesMailStillWaitingFromBeforeTheWeek(t *testing.T) {
	r := newDigestRig(t, "")
	slot := time.Date(2026, 11, 9, 0, 30, 0, 0, time.UTC) // Monday 08:30 in Shanghai
	r.save("lily", inboundFrom("old@initech.com", "pat@initech.com", "Order 2000 units", slot.AddDate(0, 0, -10)))
	r.must(r.m.measureReplies(r.ctx))
	sum, err := r.m.app.NewSummaries(nil).Build(r.ctx, slot)
	r.must(err)
	text := sum.Text()
	if sum.Empty() || !strings.Contains(text, "STILL WAITING FROM BEFORE THIS WEEK (1)") ||
		!strings.Contains(text, `initech.com: "Order 2000 units" arrived Fri 30 Oct 2026 08:30, waiting 10d00h (owner Lily Chen)`) {
		t.Errorf("empty %v:\n%s", sum.Empty(), text)
	}
	b, err := json.Marshal(sum)
	r.must(err)
	if !strings.Contains(string(b), `"older_waiting_count":1`) || !strings.Contains(string(b), `"subject":"Order 2000 units"`) {
		t.Errorf("JSON: %s", b)
	}
}
