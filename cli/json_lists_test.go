package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A quiet week's summary JSON has its reply lists as [], not null, as
// every other list of it: a manager's `jq '.replies.breaches | length'`
// or Python loop does not fail on a week without late mail.
func TestSummaryJSONListsAreEmptyNotNull(t *testing.T) {
	r := newDigestRig(t, "")
	c := newCLI(t, r.path, r.env)
	out := strings.Join(strings.Fields(c.mustRun("--now", "2026-11-09T08:31:00+08:00", "summary", "--format", "json")), "")
	if !strings.Contains(out, `"people":[]`) || !strings.Contains(out, `"breaches":[]`) {
		t.Errorf("summary JSON of an empty store:\n%s", out)
	}
}

// A currency with refunds only has "customers": [] in the pareto JSON.
func TestParetoJSONOfRefundsOnlyHasNoNullList(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email,Grade\nInitech,c@initech.example,C\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("客户,日期,金额,币种\nc@initech.example,2026-10-01,-500,EUR\n"), 0o600)
	c.mustRun("orders", "import", orders)
	out := strings.Join(strings.Fields(c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto", "--json")), "")
	if !strings.Contains(out, `"customers":[]`) {
		t.Errorf("pareto JSON of refunds only:\n%s", out)
	}
}

// greetings plan --json in a month with nothing planned has its lists as
// [], not null, greetings off or on: a script's `jq '.items[]'` or Python
// loop does not fail on a quiet month.
func TestGreetingsPlanJSONListsAreEmptyNotNull(t *testing.T) {
	for _, extra := range []string{"", "\n[greetings]\noccasions = [\"christmas\"]\n"} {
		c, _, _ := bookCLI(t, extra)
		out := strings.Join(strings.Fields(c.mustRun("greetings", "plan", "--month", "2026-08", "--json")), "")
		if !strings.Contains(out, `"items":[]`) || !strings.Contains(out, `"left_out":[]`) {
			t.Errorf("greetings plan --json of an empty month (config %q):\n%s", extra, out)
		}
	}
}
