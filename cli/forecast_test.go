package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

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

// The forecast plans every month its days touch, in every customer's zone:
// sixty days from early December include January's letter, and a day
// before New Year in Berlin includes the greeting an Auckland customer
// gets on the first of January, already the 31st in UTC.
func TestForecastListsGreetingsAndLettersOfEveryMonthItTouches(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["new-year"]
on_the_day = ["new-year"]
window = "09:00-17:00"
morning_until = "09:30"
letters_dir = "letters"
letter_grades = ["A", "B"]
only_contacts_who_wrote = false
`, map[string]string{"2027-01.tmpl": "subject: January news\n--- text\n{{.Contact.Salutation}},\nnews.\n{{.Owner.Signature}}\n"})
	body, _ := os.ReadFile(path)
	if err := os.WriteFile(path, bytes.Replace(body, []byte(`time_zone = "Asia/Shanghai"`), []byte(`time_zone = "Europe/Berlin"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := sqlx.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO customers (id, key, name, owner, grade, country, time_zone, created_at, source) VALUES (9, 'domain:kiwi.nz', 'kiwi.nz', 'lily@acme-export.com', 'C', 'NZ', 'Pacific/Auckland', 0, 'import')`,
		`INSERT INTO contacts (customer_id, email, name, created_at, from_book) VALUES (9, 'mere@kiwi.nz', 'Mere Ngata', 0, 1)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")
	type entry struct {
		At                    time.Time
		Kind, Owner, Customer string
	}
	forecast := func(now string, days string) []entry {
		t.Helper()
		var got []entry
		out := c.mustRun("--now", now, "forecast", "--days", days, "--json")
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return got
	}

	var january []entry
	for _, e := range forecast("2026-12-04T08:00:00Z", "60") {
		if e.Kind == "letter" && e.At.Month() == time.January {
			january = append(january, e)
		}
	}
	if len(january) != 2 || january[0].Owner != "lily@acme-export.com" {
		t.Errorf("January letters in sixty days from 4 December: %+v", january)
	}

	var kiwi []entry
	for _, e := range forecast("2026-12-30T22:00:00Z", "1") {
		if e.Kind == "greeting" && e.Customer == "domain:kiwi.nz" {
			kiwi = append(kiwi, e)
		}
	}
	if len(kiwi) != 1 || kiwi[0].At.UTC().Format("2006-01-02 15") != "2026-12-31 20" {
		t.Fatalf("Auckland New Year greeting in the day from 30 December 22:00 UTC: %+v", kiwi)
	}
}
