package sequences_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// Hans's second step (a resend here) is queued when the manager puts a
// welcome call first: the mail's step is step 3 now. Its last look skips
// it and has it done again, for the mode now in force or for the
// recipients the follow-up has now: the follow-up's reason numbers the
// step 3, as the step put back and the desk do. It said step 2, which is
// now the first resend.
func TestALastLooksReasonNumbersTheStepWhereTheEditMovedIt(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"mode", "step 3: the mode is now draft"},
		{"recipients", "step 3: recipients changed since it was queued"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			w, body, day7, a := queuedKeyCustomer(t, "resend", atStep1)
			edited := withWelcomeFirst(body)
			if tt.name == "mode" {
				edited = strings.Replace(edited, `mode = "send"`, `mode = "draft"`, 1)
			}
			w.reloadKeyCustomer(edited, day7.Add(time.Minute))
			e := w.enrollment()
			if e.Step != 3 {
				t.Fatalf("the follow-up after the edit: step %d (%s); want step 4, the call", e.Step+1, e.Reason)
			}
			if tt.name == "recipients" {
				e.To = append(e.To, keepwarm.Address{Email: "einkauf@buyer.de"})
				if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
					t.Fatal(err)
				}
			}
			reason, err := w.job.Recheck(ctx, w.item(a.ID), day7.Add(3*time.Minute))
			if err != nil || reason == "" {
				t.Fatalf("the last look: %q, %v; want the mail skipped", reason, err)
			}
			if e := w.enrollment(); !strings.HasPrefix(e.Reason, tt.want) {
				t.Errorf("the follow-up's reason after the look: %q; want it to begin %q", e.Reason, tt.want)
			}
			// The skipped mail's reason, on the desk and in a digest, reads
			// in Chinese too: only the addresses are left.
			zh := zhtext.Err(reason)
			if rest := regexp.MustCompile(`\S+@\S+`).ReplaceAllString(zh, ""); regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`).MatchString(rest) {
				t.Errorf("the last look's reason %q in Chinese: %q", reason, zh)
			}
		})
	}
}
