package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A book filled before empty CRM dates were refused holds 1900-01-01 as a
// birthday: the plan for 1 January says why the contact is not greeted
// instead of wishing them a happy birthday.
func TestPlaceholderBirthdayHeldByTheBookIsNotGreeted(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{sequences.OccasionBirthday}, nil
	de := deBuyer
	de.birthday = "1900-01-01"
	r.add(de)
	us := usBuyer
	us.birthday = "1985-01-01"
	r.add(us)
	r.start(nil)

	plan := r.planOf("2027-01")
	it, ok := plan[de.email+" birthday"]
	if !ok || it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "birthday 1900-01-01 looks like an empty CRM date: not greeted") {
		t.Fatalf("Hans with birthday 1900-01-01: %v %q %s", ok, it.Status, it.Reason)
	}
	if it := plan[us.email+" birthday"]; it.Status != sequences.PlanPlanned {
		t.Fatalf("Bob born on 1 January 1985: %q %s", it.Status, it.Reason)
	}
}
