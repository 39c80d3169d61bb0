package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Bob's letter waits for a running follow-up. On 1 December Lily stops
// his birthday greeting of the 2nd with "Don't send"; on the 2nd in the
// morning the follow-up ends. The plan lets the letter go that day: it is
// not held "for a greeting from keepwarm today" that does not go.
func TestThePlanDoesNotHoldALetterForAGreetingStoppedWithDontSend(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.birthday = "1980-12-02"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.start(decemberLetter)
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC))
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Occasion == "birthday" {
			key = it.Key
		}
	}
	if key == "" {
		t.Fatalf("no birthday greeting to Bob in the plan: %+v", plan.Items)
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, key, lily, time.Date(2026, 12, 1, 12, 0, 0, 0, ny), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE enrollments SET status = 'stopped' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	l := letterPlan(t, r, "2026-12", time.Date(2026, 12, 2, 10, 0, 0, 0, ny))
	if l.Status != sequences.PlanDue || strings.Contains(l.Reason, "has a greeting from keepwarm today") {
		t.Errorf("the letter on 2 December, Bob's greeting stopped: %s %q; want due, not held for the greeting", l.Status, l.Reason)
	}
}
