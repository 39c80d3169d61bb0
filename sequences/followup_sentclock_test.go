package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The resend waits in the outbox for a week (its salesperson away, the
// mailbox's cap): the product introduction comes its 4 days after the
// resend actually went, not the next day.
func TestTheNextStepCountsFromWhenThePreviousOneWent(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3)) // the resend is queued, then held
	for d := 4; d <= 9; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	sent := day0.AddDate(0, 0, 10).Add(time.Hour) // Thu 12 Nov 10:06
	w.sendAll(sent)
	if f := forecastOf(t, w.job, sent.Add(time.Minute), sent.AddDate(0, 0, 7)); len(f) != 2 || f[0].At != "Mon 16 Nov 10:06" {
		t.Fatalf("forecast: %+v", f)
	}
	w.run(sent.Add(time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(sent.AddDate(0, 0, 4)) ||
		!strings.Contains(e.Reason, "step 2 counts from when step 1's mail went out (Thu 12 Nov 10:06)") {
		t.Fatalf("enrollment %s due %s: %q", e.Status, e.DueAt.In(berlin), e.Reason)
	}
	for h := 4; h <= 6*24; h += 3 {
		w.run(sent.Add(time.Duration(h) * time.Hour))
	}
	items := w.outbox()
	if len(items) != 2 {
		t.Fatalf("items: %+v", items)
	}
	if intro := items[1]; intro.DueAt.Before(sent.AddDate(0, 0, 4)) {
		t.Fatalf("the introduction went %s, the resend %s", intro.DueAt.In(berlin), sent.In(berlin))
	}
}
