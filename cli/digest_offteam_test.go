package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keepwarm/store"
)

// TestDigestListsMailOfOwnersNotOnTheTeam: the owner of Wayne left the team
// before their customers were handed on. Wayne's buyer wrote to Tom's
// mailbox three days ago, past any nudge: Tom's digest lists the mail,
// whose customer it is, and that it is to be handed on; Lily's does not.
func TestDigestListsMailOfOwnersNotOnTheTeam(t *testing.T) {
	r := newDigestRig(t, "")
	msg := inboundFrom("order@wayne.com", "bruce@wayne.com", "Order for March", t0)
	r.save("tom", msg)
	gone := "gone@acme-export.com"
	r.must(r.m.db.SetCustomer(r.ctx, r.customer("domain:wayne.com"), store.CustomerChange{Owner: &gone}, t0.Add(-time.Hour), "test"))
	c := newCLI(t, r.path, r.env)
	now := t0.Add(72 * time.Hour).Format(time.RFC3339)
	var js struct {
		OffTeam []struct {
			Owner   string `json:"owner"`
			Subject string `json:"subject"`
		} `json:"not_on_team"`
	}
	out := c.mustRun("--now", now, "digest", "--salesperson", "tom@acme-export.com", "--format", "json")
	if err := json.Unmarshal([]byte(out), &js); err != nil || len(js.OffTeam) != 1 || js.OffTeam[0].Owner != gone {
		t.Fatalf("Tom's digest (json): %v\n%s", err, out)
	}
	text := c.mustRun("--now", now, "digest", "--salesperson", "tom@acme-export.com")
	for _, want := range []string{"CUSTOMERS OF PEOPLE NOT ON THE TEAM (1)", `"Order for March"`, "customer of " + gone, "handed on"} {
		if !strings.Contains(text, want) {
			t.Errorf("Tom's digest lacks %q:\n%s", want, text)
		}
	}
	if lily := c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com"); strings.Contains(lily, "Order for March") {
		t.Errorf("Lily's digest lists Tom's mailbox's mail:\n%s", lily)
	}
}
