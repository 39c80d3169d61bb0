package web_test

import (
	"testing"
	"time"

	"keepwarm"
)

// Step 1 of Meier's follow-up is refused for good: the customer page's
// line for the follow-up names step 1, the one its reason names and Resume
// sends again, not the step after it.
func TestTheCustomerPageNamesTheFailedStep(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	r := newSendRig(t, w)

	w.smtp.FailNextData(1, 554)
	r.run(t, now0.Add(8*time.Hour))
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollFailed || e.Step != 1 {
		t.Fatalf("after the refusal: %s at step index %d (%s) %v", e.Status, e.Step, e.Reason, err)
	}
	line := cut(t, mustGet(t, lilyC, path("/customers/%d", w.meier)), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the failed follow-up", line, "step 1 ·")
	mustLack(t, "the failed follow-up", line, "step 2")
	zh := cut(t, lilyC.getZh(t, path("/customers/%d", w.meier)), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the failed follow-up in Chinese", zh, "步骤 1 ·")
	mustLack(t, "the failed follow-up in Chinese", zh, "步骤 2")
}
