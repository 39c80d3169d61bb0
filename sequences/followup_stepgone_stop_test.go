package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Hans's second step was queued before keepwarm noted which step a mail
// is (0496), and the manager has since put a welcome call first, so the
// follow-up moved. Hans then asks to be unsubscribed: the last look skips
// the mail for the opt-out and no longer advises Lily to send it by hand
// (the follow-up cannot come back, and he asked for no more mail). Paused
// by Lily instead, the follow-up can come back: the skip still says so.
func TestAnOptOutDoesNotAdviseSendingAPreNamedStepByHand(t *testing.T) {
	for _, how := range []string{"opt-out", "paused"} {
		t.Run(how, func(t *testing.T) {
			w, body, day7, a := queuedKeyCustomer(t, "resend", atStep1)
			w.reloadKeyCustomer(withWelcomeFirst(body), day7.Add(time.Minute))
			if how == "opt-out" {
				m := w.msg("a-9@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day7.Add(2*time.Minute), "q-1@seller.example")
				m.Snippet = "Please unsubscribe me, we are not interested."
				w.save("lily", "INBOX", m)
			} else {
				w.pauseAt(w.enrollment().ID, day7.Add(2*time.Minute))
			}
			it := w.item(a.ID)
			it.StepName, it.StepNth = "", 0 // queued before 0496
			reason, err := w.job.Recheck(context.Background(), it, day7.Add(3*time.Minute))
			if err != nil || reason == "" {
				t.Fatalf("the last look: %q, %v; want the mail skipped", reason, err)
			}
			byHand := strings.Contains(reason, "send it by hand")
			switch {
			case how == "opt-out" && (byHand || !strings.Contains(reason, "opted-out")):
				t.Errorf("the skip after the opt-out says %q; want it opted out, without advice to send the step by hand", reason)
			case how == "paused" && !byHand:
				t.Errorf("the skip of the paused follow-up says %q; want it to say the step can be sent by hand", reason)
			}
		})
	}
}
