package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// With skip_quiet, a step for a Malaysian buyer the book marks as keeping
// Muslim festivals is queued on the last Friday before Ramadan; the daily
// cap or a daemon that was down carries it into Ramadan. Its last look
// before the send holds it until the quiet period ends, as the step would
// have been held had it been queued then: the last look read only the
// customer's language, empty here, and sent it on the first days of the
// period.
func TestTheLastLookHoldsAStepCarriedIntoAQuietPeriodTheContactKeeps(t *testing.T) {
	ctx := context.Background()
	w := newSkipQuietMalaysiaWorld(t, "muslim")
	// Tuesday 2 February 2027: the resend is due on Friday 5 February,
	// before Ramadan 1448 (8 February to 9 March).
	sent := time.Date(2027, 2, 2, 9, 0, 0, 0, berlin)
	q := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Quotation LED panels, second batch", sent)
	q.Text = "Thank you for your enquiry. Please find attached our quotation for the LED panels as requested. Could you confirm the quantity?"
	w.save("lily", "Sent", q)
	w.run(sent.Add(time.Minute))
	var step keepwarm.OutboxItem
	for d := 1; d <= 3 && step.ID == 0; d++ {
		w.run(sent.AddDate(0, 0, d).Add(time.Hour))
		for _, it := range w.outbox() {
			if strings.Contains(it.Subject, "second batch") {
				step = it
			}
		}
	}
	if step.ID == 0 || !step.DueAt.Before(time.Date(2027, 2, 8, 0, 0, 0, 0, berlin)) {
		t.Fatalf("no step queued before Ramadan: %+v", step)
	}
	// Tuesday 9 February, 10:00: carried into Ramadan.
	at := time.Date(2027, 2, 9, 10, 0, 0, 0, berlin)
	reason, err := w.job.Recheck(ctx, step, at)
	var hold *keepwarm.Hold
	if reason != "" || !errors.As(err, &hold) {
		t.Fatalf("the last look in Ramadan: %q %v, want a hold", reason, err)
	}
	if hold.Until.Before(time.Date(2027, 3, 9, 0, 0, 0, 0, berlin)) {
		t.Fatalf("held until %s, in Ramadan: %q", hold.Until.In(berlin).Format("Mon 2006-01-02 15:04"), hold.Reason)
	}
	if !strings.HasPrefix(hold.Reason, "in a quiet period the customer keeps ([window] skip_quiet): it goes ") {
		t.Fatalf("the hold's reason: %q", hold.Reason)
	}
	if zh := zhtext.Err("held: " + hold.Reason); !strings.HasPrefix(zh, "暂缓发送：客户正处于其遵守的安静期") || strings.Contains(zh, "their time") {
		t.Fatalf("the hold's reason in Chinese: %q", zh)
	}
}
