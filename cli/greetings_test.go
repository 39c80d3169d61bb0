package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// greetingsConfig writes a config whose mailbox "lily" can send, with extra
// appended, and a letters directory holding letters.
func greetingsConfig(t *testing.T, extra string, letters map[string]string) string {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	path := writeConfig(t, srv, extra)
	body, _ := os.ReadFile(path)
	body = bytes.Replace(body, []byte("name = \"lily\"\n"), []byte("name = \"lily\"\nsmtp_url = \"smtp://127.0.0.1:2525?starttls=none\"\n"), 1)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(path), "letters")
	os.Mkdir(dir, 0o755)
	for name, text := range letters {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Customers as the customer book would hold them.
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sqlx.Open("sqlite3", "file:"+filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for i, c := range []struct {
		key, grade, country, tz, email, name string
		opted                                any
	}{
		{"domain:acme-us.com", "A", "US", "America/New_York", "bob@acme-us.com", "Bob Smith", nil},
		{"domain:globex.de", "B", "DE", "Europe/Berlin", "hans@globex.de", "Hans Meier", nil},
		{"domain:quiet.com", "A", "US", "", "amy@quiet.com", "Amy Jones", 1},
	} {
		if _, err := raw.Exec(`INSERT INTO customers (id, key, name, owner, grade, country, time_zone, created_at, source, opted_out_at)
			VALUES (?, ?, ?, 'lily@acme-export.com', ?, ?, ?, 0, 'import', ?)`, i+1, c.key, c.key[7:], c.grade, c.country, c.tz, c.opted); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at, from_book) VALUES (?, ?, ?, 0, 1)`, i+1, c.email, c.name); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestGreetingsPlanFromTheCLI(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["thanksgiving", "christmas"]
letters_dir = "letters"
letter_grades = ["A", "B"]
only_contacts_who_wrote = false  # the contacts below come from the book only
`, map[string]string{"2026-11.tmpl": "subject: November news\n--- text\n{{.Contact.Salutation}},\nnews.\n{{.Owner.Signature}}\n"})
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")

	var plan sequences.Plan
	out := c.mustRun("--now", "2026-11-20T00:00:00Z", "greetings", "plan", "--month", "2026-11", "--json")
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var thanks, letters, skipped int
	for _, it := range plan.Items {
		switch {
		case it.Kind == "greeting" && it.To.Email == "bob@acme-us.com":
			thanks++
			ny, _ := time.LoadLocation("America/New_York")
			local := it.SendAt.In(ny)
			if it.Occasion != "thanksgiving" || it.Status != "planned" || it.Subject != "Happy Thanksgiving" ||
				local.Format("2006-01-02") != "2026-11-25" || local.Hour() < 9 || local.Hour() >= 12 || it.Mailbox != "lily" {
				t.Errorf("Thanksgiving item: %+v (local %s)", it, local)
			}
		case it.Kind == "greeting" && it.To.Email == "hans@globex.de":
			t.Errorf("German customer greeted in November: %+v", it)
		case it.Kind == "letter" && it.Status == "due": // the 2nd of November has passed: they go at the next window
			letters++
		case it.Status == "skip" && it.To.Email == "amy@quiet.com" && strings.Contains(it.Reason, "opted out"):
			skipped++
		}
	}
	if thanks != 1 || letters != 2 || skipped != 2 {
		t.Fatalf("plan: %d Thanksgiving, %d letters, %d opted-out skips\n%s", thanks, letters, skipped, out)
	}

	table := c.mustRun("--now", "2026-11-20T00:00:00Z", "greetings", "plan", "--month", "2026-11")
	for _, want := range []string{"Happy Thanksgiving", "November news", "opted out", "2026-11: 5 item(s), 1 planned, 2 due, 2 skip; mode send"} {
		if !strings.Contains(table, want) {
			t.Errorf("plan table lacks %q:\n%s", want, table)
		}
	}
	// December has no letter yet: the plan says so.
	if out := c.mustRun("--now", "2026-11-20T00:00:00Z", "greetings", "plan", "--month", "2026-12"); !strings.Contains(out, "no monthly letter") {
		t.Errorf("December plan:\n%s", out)
	}
}

func TestGreetingsConfigNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{"[greetings]\noccasions = [\"chrismas\"]\n", "greetings.occasions: \"chrismas\""},
		{"[greetings]\noccasions = [\"eid\"]\n[[greetings.custom]]\nkey = \"eid\"\ndates = [\"2026-3-20\"]\ncountries = [\"AE\"]\n", `greetings.custom "eid".dates`},
		{"[greetings]\noccasions = [\"eid\"]\n[[greetings.custom]]\nkey = \"eid\"\ndates = [\"2026-03-20\"]\n", `greetings.custom "eid".countries`},
		{"[greetings]\noccasions = [\"christmas\"]\nalso = { diwali = [\"GB\"] }\n", "greetings.also.diwali: \"diwali\" is not in greetings.occasions"},
		{"[greetings]\noccasions = [\"diwali\"]\nalso = { diwali-day = [\"GB\"] }\n", "greetings.also.diwali-day"},
		{"[greetings]\noccasions = [\"christmas\"]\non_the_day = [\"new-year\"]\n", "greetings.on_the_day: \"new-year\""},
		{"[greetings]\nmode = \"later\"\n", "greetings.mode"},
		{"[greetings]\nwindow = \"17:00-09:00\"\n", "greetings.window"},
		{"[greetings]\nletter_grades = [\"Z\"]\n", "greetings.letter_grades"},
		{"[greetings]\nskip_if_written_within = \"two weeks\"\n", "skip_if_written_within"},
		{"[greetings]\noccasions = [\"christmas\"]\n[greetings.days_before]\nnew-year = 1\n", "greetings.days_before.new-year"},
	} {
		_, err := config.Parse([]byte(minimalConfig + tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to name %s", tc.toml, err, tc.want)
		}
	}
	cfg, err := config.Parse([]byte(minimalConfig + "[greetings]\noccasions = [\"christmas\", \"birthday\", \"independence-day\"]\nskip_if_written_within = \"14d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Greetings.SkipIfWrittenWithin.Duration != 14*24*time.Hour || cfg.Greetings.Window != "09:00-17:00" || cfg.Greetings.Mode != "send" {
		t.Fatalf("defaults: %+v", cfg.Greetings)
	}
}

const minimalConfig = `
[team]
internal_domains = ["acme-export.com"]
[[salesperson]]
email = "lily@acme-export.com"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.com"
url = "imaps://mail.acme-export.com"
username = "lily@acme-export.com"
password_env = "LILY_PW"
`

// The commented [greetings] example in config.example.toml, uncommented, is a
// valid configuration.
func TestGreetingsExampleParses(t *testing.T) {
	ex := config.Example
	start := strings.Index(ex, "# [greetings]")
	// The section ends where the next one (commented or not) begins; its
	// own sub-tables ([[greetings.custom]]) belong to it.
	end := -1
	if start >= 0 {
		for i := start + 1; i < len(ex); {
			nl := strings.IndexByte(ex[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			line := strings.TrimPrefix(ex[i:], "# ")
			if strings.HasPrefix(line, "[") && !strings.Contains(strings.SplitN(line, "\n", 2)[0], "greetings") {
				end = i
				break
			}
		}
	}
	if start < 0 || end < start {
		t.Fatal("config.example.toml has no commented [greetings] section")
	}
	var b strings.Builder
	b.WriteString(ex[:start])
	for _, line := range strings.Split(ex[start:end], "\n") {
		rest, ok := strings.CutPrefix(line, "# ")
		if ok && (strings.HasPrefix(rest, "[") || strings.Contains(rest, " = ")) {
			line = rest
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(ex[end:])
	cfg, err := config.Parse([]byte(b.String()))
	if err != nil {
		t.Fatalf("uncommented [greetings] example: %v", err)
	}
	g := cfg.Greetings
	if len(g.Occasions) != 7 || len(g.Custom) != 3 || g.DaysBefore["christmas"] != 1 || g.LettersDir != "letters" ||
		len(g.Also["diwali"]) != 1 || g.OnTheDay == nil ||
		g.SkipIfWrittenWithin.Duration != 14*24*time.Hour {
		t.Fatalf("parsed: %+v", g)
	}
	// The example's Diwali shows days_before as an example (2 days before),
	// not as 0, which is the day itself and not the default.
	for _, c := range g.Custom {
		if c.Key == "diwali" && (c.DaysBefore == nil || *c.DaysBefore != 2) {
			t.Errorf("the example's diwali days_before: %v", c.DaysBefore)
		}
	}
}

// `keepwarm preview` renders a month's letter and a greeting as the
// greetings job sends them: to the customer's contact, the month and the
// occasion named, no quoted mail. The book's contacts never wrote: the
// team greets people in the book too.
func TestPreviewALetterAndAGreeting(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["christmas"]
letters_dir = "letters"
letter_grades = ["A", "B"]
only_contacts_who_wrote = false
`, map[string]string{"2026-12.tmpl": "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\nour catalogue is ready.\n{{.Owner.Signature}}\n"})
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")

	out := c.mustRun("--now", "2026-11-20T00:00:00Z", "preview", "2026-12", "--customer", "hans@globex.de")
	for _, want := range []string{"Template: 2026-12.tmpl (en)", "To: hans@globex.de", "Subject: News from", ", December 2026", "Dear Hans,\nour catalogue is ready."} {
		if !strings.Contains(out, want) {
			t.Errorf("letter preview lacks %q:\n%s", want, out)
		}
	}
	out = c.mustRun("--now", "2026-11-20T00:00:00Z", "preview", "christmas", "--customer", "domain:acme-us.com")
	if !strings.Contains(out, "Subject: Merry Christmas from") || !strings.Contains(out, "To: bob@acme-us.com") || strings.Contains(out, "wrote:") {
		t.Errorf("greeting preview:\n%s", out)
	}
	code, _, errs := c.run(context.Background(), "--now", "2026-11-20T00:00:00Z", "preview", "2027-01", "--customer", "hans@globex.de")
	if code == 0 || !strings.Contains(errs, "no letter for 2027-01") {
		t.Errorf("a month without a letter: %d %s", code, errs)
	}
	// A broken letter is named with its problem, never rendered half.
	os.WriteFile(filepath.Join(filepath.Dir(path), "letters", "2027-01.tmpl"), []byte("subject: x\n--- text\n{{.Contact.Nmae}}\n"), 0o644)
	code, _, errs = c.run(context.Background(), "--now", "2026-11-20T00:00:00Z", "preview", "2027-01", "--customer", "hans@globex.de")
	if code == 0 || !strings.Contains(errs, "Nmae") {
		t.Errorf("a broken letter: %d %s", code, errs)
	}
}

// The preview of a greeting says what the greetings job would say: Bob is
// written to in Chinese and the Thanksgiving template has no Chinese
// variant (english_for unset), so the plan skips him; the preview shows
// the text with a "Not sent" line and exits 1, never as a clean greeting.
func TestPreviewOfAGreetingTheJobWouldRefuseSaysNotSent(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["thanksgiving"]
only_contacts_who_wrote = false
`, nil)
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")
	c.mustRun("customers", "set", "bob@acme-us.com", "--lang", "zh")
	code, out, errs := c.run(context.Background(), "--now", "2026-11-20T00:00:00Z", "preview", "thanksgiving", "--customer", "bob@acme-us.com")
	want := "Not sent: no zh variant of the thanksgiving template (add one, or list \"zh\" in greetings.english_for to send the English one)"
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(errs, "not sent to this customer") {
		t.Errorf("preview for Bob, written to in Chinese: exit %d\n%s\n%s\nwant exit 1 and %q", code, out, errs, want)
	}
}

// The preview says what the plan says of the customer as well as of the
// text: a customer who opted out as a whole gets no greeting, however
// clean its text.
func TestPreviewForACustomerWhoOptedOutSaysNotSent(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["thanksgiving"]
`, nil)
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")
	c.mustRun("customers", "set", "bob@acme-us.com", "--opted-out")
	code, out, errs := c.run(context.Background(), "--now", "2026-11-20T00:00:00Z", "preview", "thanksgiving", "--customer", "bob@acme-us.com")
	if want := "Not sent: the customer opted out"; code != 1 || !strings.Contains(out, want) || !strings.Contains(errs, "not sent to this customer") {
		t.Errorf("preview for Bob, whose company opted out: exit %d\n%s\n%s\nwant exit 1 and %q", code, out, errs, want)
	}
}

// Lily's mailbox has no name to sign with (no name on her salesperson, no
// from_name): the greetings job sends nothing in her name, and the preview
// says so, as the console's does, instead of a clean greeting and exit 0.
func TestPreviewForAnOwnerWithoutANameSaysNotSent(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["thanksgiving"]
`, nil)
	body, _ := os.ReadFile(path)
	body = bytes.Replace(body, []byte("name = \"Lily Chen\"\n"), nil, 1)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")
	code, out, errs := c.run(context.Background(), "--now", "2026-11-20T00:00:00Z", "preview", "thanksgiving", "--customer", "bob@acme-us.com")
	if want := "Not sent: no name to sign with for lily@acme-export.com"; code != 1 || !strings.Contains(out, want) || !strings.Contains(errs, "not sent to this customer") {
		t.Errorf("preview as Lily without a name: exit %d\n%s\n%s\nwant exit 1 and %q", code, out, errs, want)
	}
}
