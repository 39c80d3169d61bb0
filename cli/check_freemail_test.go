package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// A customer keyed by a domain that is free mail now (imported, or made by
// mail, before the list named Yahoo India) with more than one contact is
// named by check, all of them, with its owner and contacts and the way
// out: team.company_domains when the domain is the company's own, which
// leaves it unnamed, and which refuses a provider's domain. One with a
// single contact is that address's customer already and is not named,
// nor is a company's, daum.de's, which the list no longer takes for
// Daum's mail.
func TestCheckNamesCustomersKeyedByAFreeMailDomain(t *testing.T) {
	ctx := context.Background()
	rows := [][]string{{"Company", "Email"}, {"Outlook Supplies", "ann@outlook-supplies.com"},
		{"Daum Maschinenbau", "a@daum.de"}, {"Daum Maschinenbau", "b@daum.de"}, {"Sina Trading", "s@sina.com.cn"}}
	for i := range 7 {
		d := fmt.Sprintf("yahoo.%s", []string{"in", "co.in", "com.ph", "co.th", "com.my", "gr", "de"}[i])
		rows = append(rows, []string{"Buyers at " + d, "raj@" + d}, []string{"Buyers at " + d, "priya@" + d})
	}
	// Imported as company domains, as the old list let them be.
	path, db := checkTeamWithBook(t, rows)
	keys, err := db.DomainCustomers(ctx)
	if err != nil || len(keys) != 10 {
		t.Fatalf("customers with a domain %+v (%v); the test needs ten", keys, err)
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(ctx, "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  7 customer(s) are keyed by a domain that is free mail now") ||
		!strings.Contains(out, "yahoo.in (2 contacts, lily@acme-export.com)") || !strings.Contains(out, "yahoo.de (2 contacts,") ||
		!strings.Contains(out, "Only if the domain itself is the company's own (its website and mail server), not when these contacts merely work at one company through free mail, add it to [team] company_domains") ||
		!strings.Contains(out, "a domain of the built-in free-mail list is refused there") || !strings.Contains(out, "keepwarm customers show ID") ||
		strings.Contains(out, "outlook-supplies") || strings.Contains(out, "daum.de") || strings.Contains(out, "sina.com.cn") ||
		strings.Contains(out, "by hand") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	withTeam := func(keys string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(strings.Replace(string(cfg), "[team]\n", "[team]\n"+keys, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Raj and Priya may work at one company, yet yahoo.de is Yahoo's:
	// company_domains refuses it, and check says why.
	withTeam("company_domains = [\"yahoo.de\"]\n")
	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs = c.run(ctx, "--log-level", "error", "check")
	if code == 0 || !strings.Contains(out+errs, `team.company_domains: "yahoo.de" is a mail provider's`) {
		t.Fatalf("check with yahoo.de in company_domains: exit %d\n%s\n%s", code, out, errs)
	}
	// The team's own "daum.*" takes daum.de, Daum Maschinenbau's own
	// domain: check names it, and company_domains gives it back.
	withTeam("extra_free_mail_domains = [\"daum.*\"]\n")
	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs = c.run(ctx, "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  8 customer(s) are keyed by a domain that is free mail now") || !strings.Contains(out, "daum.de (2 contacts,") {
		t.Fatalf("check with daum.* free mail: exit %d\n%s\n%s", code, out, errs)
	}
	withTeam("extra_free_mail_domains = [\"daum.*\"]\ncompany_domains = [\"daum.de\"]\n")
	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs = c.run(ctx, "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  7 customer(s) are keyed by a domain that is free mail now") ||
		!strings.Contains(out, "yahoo.de (2 contacts,") || strings.Contains(out, "daum.de") {
		t.Fatalf("check with daum.de in company_domains: exit %d\n%s\n%s", code, out, errs)
	}
}
