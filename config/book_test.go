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
