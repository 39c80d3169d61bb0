package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// Handing over the customers of someone still on the team (FROM and TO
// swapped, or a name mistyped) would take a working salesperson's whole
// book and stop their follow-ups for good: it is refused without --yes,
// saying what would move, and with --yes it moves them and lists them.
func TestCustomersHandoverOfASalespersonStillOnTheTeamWantsYes(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "[[salesperson]]\nemail = \"tom@seller.example\"\nname = \"Tom Wu\"\n")
	r.start("A")
	at := day(0).Add(3 * time.Minute)
	owner := func() string {
		t.Helper()
		c, err := r.db().ResolveCustomer(context.Background(), hans)
		if err != nil {
			t.Fatal(err)
		}
		return c.Owner
	}
	if o := owner(); o != "lily@seller.example" {
		t.Fatalf("the rig's customer is owned by %q", o)
	}
	if e := r.enrollments(); len(e) != 1 || e[0].Status != "active" {
		t.Fatalf("the rig's follow-up: %+v", e)
	}

	code, out, errs := r.run(at, "customers", "handover", "Lily Chen", "Tom Wu")
	want := "lily@seller.example is still a configured [[salesperson]]: 1 customer(s) and 1 running or paused follow-up(s) in their name would move to tom@seller.example, the follow-ups stopping for good; nothing moved: add --yes if that is meant"
	if code != 2 || !strings.Contains(errs, want) || out != "" {
		t.Fatalf("handover of a salesperson on the team: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if e := r.enrollments(); owner() != "lily@seller.example" || len(e) != 1 || e[0].Status != "active" {
		t.Fatalf("refused, yet the book or the follow-up changed: owner %q, %+v", owner(), e)
	}

	out = r.must(at, "customers", "handover", "Lily Chen", "Tom Wu", "--dry-run")
	if !strings.Contains(out, "dry run: 1 customer(s) of lily@seller.example would go to tom@seller.example\nthey would be (ids): 1\n") {
		t.Fatalf("dry run: %s", out)
	}
	out = r.must(at, "customers", "handover", "Lily Chen", "Tom Wu", "--yes")
	if !strings.Contains(out, "1 customer(s) of lily@seller.example are tom@seller.example's now") || !strings.Contains(out, "moved (ids): 1\n") {
		t.Fatalf("handover --yes: %s", out)
	}
	if o := owner(); o != "tom@seller.example" {
		t.Fatalf("after handover --yes the owner is %q", o)
	}
}
