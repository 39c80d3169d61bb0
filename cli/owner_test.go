package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestOwnerFiltersTakeANameOrAnyCaseAndRefuseStrangers: --owner takes a
// salesperson's email in any case or her name, as the tables print it; an
// unknown one is a usage error naming the team, not an empty list that
// reads as "nothing waiting".
func TestOwnerFiltersTakeANameOrAnyCaseAndRefuseStrangers(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	for _, owner := range []string{"LILY@acme-export.com", "Lily Chen", "Lily Chen <Lily@Acme-Export.com>"} {
		if out := c.mustRun("tasks", "--owner", owner); !strings.Contains(out, "Phone Hans Meier") {
			t.Errorf("tasks --owner %q:\n%s", owner, out)
		}
		if out := c.mustRun("customers", "list", "--owner", owner); !strings.Contains(out, "globex.de") {
			t.Errorf("customers list --owner %q:\n%s", owner, out)
		}
	}
	for _, args := range [][]string{
		{"replies", "--owner", "nobody@x"},
		{"tasks", "--owner", "lily"},
		{"customers", "list", "--owner", "lily"},
		{"digest", "--salesperson", "nobody@x"},
	} {
		code, out, errs := c.run(context.Background(), args...)
		if code != 2 || !strings.Contains(errs, "not a configured [[salesperson]]") || !strings.Contains(errs, "lily@acme-export.com") {
			t.Errorf("%v: exit %d\n%s\n%s", args, code, out, errs)
		}
	}
	// Someone who left still owns a customer until it is handed on.
	r.save("team", inboundFrom("hi@initrode.com", "joe@initrode.com", "Hello", t0))
	left := "ann@acme-export.com"
	r.must(r.m.db.SetCustomer(r.ctx, r.customer("domain:initrode.com"), store.CustomerChange{Owner: &left}, t0, "test"))
	if out := c.mustRun("customers", "list", "--owner", "Ann@acme-export.com"); !strings.Contains(out, "initrode.com") {
		t.Errorf("customers list --owner someone who left:\n%s", out)
	}
	if out := c.mustRun("digest", "--salesperson", "Lily Chen"); !strings.Contains(out, "To: lily@acme-export.com") {
		t.Errorf("digest --salesperson by name:\n%s", out)
	}
}

// `reviews --salesperson` with a name that is nobody's (a first name
// alone, as a manager types it) is a usage error naming the team, as the
// other filters' are, so she sees whom to give instead.
func TestReviewsUnknownSalespersonNamesTheTeam(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "[[salesperson]]\nemail = \"tom@seller.example\"\nname = \"Tom Wu\"\n")
	code, out, errs := r.run(day(0), "reviews", "--salesperson", "Lily")
	for _, want := range []string{`--salesperson "Lily"`, "Lily Chen <lily@seller.example>", "Tom Wu <tom@seller.example>", "run `keepwarm reviews --help`"} {
		if code != 2 || out != "" || !strings.Contains(errs, want) {
			t.Fatalf("reviews --salesperson Lily: exit %d, want 2 and %q\nstdout: %s\nstderr: %s", code, want, out, errs)
		}
	}
	r.must(day(0), "reviews", "--salesperson", "Lily Chen")
}
