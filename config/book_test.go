package config

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

func TestBookPoolRulesFromConfig(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if r := cfg.Book.Rules(); r.Cooldown != 7*24*time.Hour || r.DailyClaims != 0 {
		t.Fatalf("defaults: cool-down %s, daily %d", r.Cooldown, r.DailyClaims)
	}
	cfg, err = Parse([]byte(minimal + "\n[book]\ncooldown_days = 0\ndaily_claims = 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r := cfg.Book.Rules(); r.Cooldown != 0 || r.DailyClaims != 5 {
		t.Fatalf("set: cool-down %s, daily %d", r.Cooldown, r.DailyClaims)
	}
	_, err = Parse([]byte(minimal + "\n[book]\ncooldown_days = -1\ndaily_claims = -2\n"))
	if err == nil || !strings.Contains(err.Error(), "book.cooldown_days") || !strings.Contains(err.Error(), "book.daily_claims") {
		t.Fatalf("bad values: %v", err)
	}
}

// The example shows default_region as it is: unset, so a phone without
// +code on a row without a country is left out with a warning.
func TestExampleShowsDefaultRegionsRealDefault(t *testing.T) {
	cfg, err := Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Book.DefaultRegion != "" {
		t.Fatalf("default_region defaults to %q", cfg.Book.DefaultRegion)
	}
	ex := exampleBook(t)
	if !strings.Contains(ex, `# default_region = ""`) || strings.Contains(ex, `# default_region = "US"`) {
		t.Fatalf("config.example.toml [book]:\n%s", ex)
	}
}

// exampleBook is the [book] section of config.example.toml.
func exampleBook(t *testing.T) string {
	t.Helper()
	ex := keepwarm.ExampleConfig
	start := strings.Index(ex, "# [book]")
	if start < 0 {
		t.Fatal("config.example.toml has no [book] section")
	}
	rest := ex[start:]
	if end := strings.Index(rest, "\n\n"); end > 0 {
		rest = rest[:end]
	}
	return rest
}

// A 0 means what it says or is refused naming the key, never silently
// the default: warn_days = 0 turns the warning off, and a 0 for a key
// whose default is something else (a daily_cap of 0 would send 200 a day)
// is an error that says what to write.
func TestWrittenZeroIsNeverTheDefault(t *testing.T) {
	cfg, err := Parse([]byte(minimal + "\n[book]\nclaim_days = 30\nwarn_days = 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.Book.Rules().WarnBefore; w != 0 {
		t.Errorf("warn_days = 0 gives a warning %v before the deadline", w)
	}
	cfg, err = Parse([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.Book.Rules().WarnBefore; w != 3*24*time.Hour || cfg.Mailboxes[0].DailyCap != 200 || cfg.Team.AutomatedPerContactWeek != 2 {
		t.Errorf("defaults: warn %v, daily_cap %d, automated_per_contact_week %d", w, cfg.Mailboxes[0].DailyCap, cfg.Team.AutomatedPerContactWeek)
	}
	for _, c := range []struct{ body, want string }{
		{strings.Replace(minimal, `password_env = "LILY_PW"`, "password_env = \"LILY_PW\"\ndaily_cap = 0", 1), `mailbox "lily".daily_cap: 0 would send nothing: to stop this mailbox sending, remove its smtp_url`},
		{strings.Replace(minimal, "[team]", "[team]\nautomated_per_contact_week = 0", 1), "team.automated_per_contact_week: 0 would hold back every follow-up"},
		{minimal + "\n[greetings]\nletters_per_day = 0\n", "greetings.letters_per_day: 0 would send no letter"},
		{minimal + "\n[book]\npool_cap = 0\n", "book.pool_cap: 0"},
		{minimal + "\n[book]\nclaim_days = 0\n", "book.claim_days: 0"},
		{minimal + "\n[sync]\nbatch_size = 0\n", "sync.batch_size: 0"},
	} {
		if _, err := Parse([]byte(c.body)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
}
