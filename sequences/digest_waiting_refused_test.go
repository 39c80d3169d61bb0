package sequences

import (
	"testing"

	"keepwarm"
)

// A follow-up Lily paused herself is not listed in her digest as waiting
// for her, also when a recipient was refused during her pause and the
// reason says so; one keepwarm holds for her is, with the refusal added or
// not.
func TestAPausedFollowUpWithARefusalWaitsForAPersonOnlyWhenKeepwarmHoldsIt(t *testing.T) {
	const refused = "step 1 refused for ute@buyer.de: done again for the other recipients when the pause ends"
	const held = "peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up"
	for _, c := range []struct {
		e    keepwarm.Enrollment
		want bool
	}{
		{keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedByPerson: true, Reason: pausedByPersonReason}, false},
		{keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedByPerson: true, Reason: pausedByPersonReason + "; " + refused}, false},
		{keepwarm.Enrollment{Status: keepwarm.EnrollPaused, Reason: held}, true},
		{keepwarm.Enrollment{Status: keepwarm.EnrollPaused, Reason: held + "; " + refused}, true},
	} {
		if got := waitsForAPerson(c.e); got != c.want {
			t.Errorf("%q: waits for a person %t, want %t", c.e.Reason, got, c.want)
		}
	}
}
