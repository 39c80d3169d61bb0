package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `keepwarm forecast` lists the follow-up steps the ticks will do, at the
// customer's local time with the rule that placed them, and the tick on
// the forecast day sends the first one.
func TestForecastListsTheStepsTheTicksDo(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newSeqRig(t, srv, "")
		r.start("A")
		now := day(0).Add(3 * time.Minute)
		var got []struct {
			Local, Owner, Kind, Sequence, Rule string
			TimeZone                           string `json:"time_zone"`
			Step                               int
		}
		if err := json.Unmarshal([]byte(r.must(now, "forecast", "--json")), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Local != "Thu 5 Nov 09:06" || got[0].TimeZone != "Europe/Berlin" || got[0].Kind != "email" ||
			got[0].Sequence != "key-customer" || got[0].Step != 1 || got[0].Owner != "lily@seller.example" ||
			!strings.Contains(got[0].Rule, "3d after the mail followed up") || got[2].Kind != "task" || got[2].Local != "Thu 12 Nov 09:06" {
			t.Fatalf("forecast: %+v", got)
		}
		table := r.must(now, "forecast", "--days", "4")
		if !strings.Contains(table, "Thu 5 Nov 09:06") || strings.Contains(table, "12 Nov") {
			t.Fatalf("four days:\n%s", table)
		}
		r.tick(day(3).Add(-time.Minute))
		if r.delivered() != 0 {
			t.Fatal("sent before the forecast time")
		}
		r.tick(day(3))
		if r.delivered() != 1 {
			t.Fatal("not sent at the forecast time")
		}
		if _, _, errs := r.run(now, "forecast", "--days", "0"); !strings.Contains(errs, "--days") {
			t.Fatalf("--days 0: %s", errs)
		}
	})
}
