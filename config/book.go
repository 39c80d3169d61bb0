package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm/book"
)

// BookConfig is [book]: the customer book's rules (docs/rules.md rules 4-6).
type BookConfig struct {
	// ReviewDays is the review cadence per grade, in days.
	ReviewDays map[string]int `toml:"review_days"`
	// PoolCap is how many unconverted pool customers one salesperson may hold.
	PoolCap int `toml:"pool_cap"`
	// ClaimDays is how long a claimed pool customer has to answer or be won.
	ClaimDays int `toml:"claim_days"`
	// WarnDays is how long before that deadline the digest warns;
	// default 3, 0 = no warning.
	WarnDays *int `toml:"warn_days"`
	// CooldownDays is how long a salesperson who let a pool customer go
	// (deadline passed, or released) waits before claiming it again;
	// default 7, 0 = no cool-down.
	CooldownDays *int `toml:"cooldown_days"`
	// DailyClaims caps the pool customers one salesperson may claim (or be
	// handed by round robin) in 24 hours; 0 (default) = no cap.
	DailyClaims int `toml:"daily_claims"`
	// RoundRobin hands inquiries from unknown senders to the salespeople in
	// turn instead of leaving them in the pool.
	RoundRobin bool `toml:"round_robin"`
	// DefaultRegion reads phone numbers written without a country code on
	// rows without a country (ISO code, e.g. "US").
	DefaultRegion string `toml:"default_region"`
	// DefaultCurrency is the currency of order rows that name none.
	DefaultCurrency string `toml:"default_currency"`
}

func (b *BookConfig) defaults() {
	def := book.DefaultRules()
	if b.ReviewDays == nil {
		b.ReviewDays = map[string]int{}
	}
	for g, d := range def.Cadence {
		if _, ok := b.ReviewDays[g]; !ok {
			b.ReviewDays[g] = int(d / book.Day)
		}
	}
	if b.PoolCap == 0 {
		b.PoolCap = def.PoolCap
	}
	if b.ClaimDays == 0 {
		b.ClaimDays = int(def.ClaimDeadline / book.Day)
	}
	if b.WarnDays == nil {
		d := int(def.WarnBefore / book.Day)
		b.WarnDays = &d
	}
	if b.CooldownDays == nil {
		d := int(def.Cooldown / book.Day)
		b.CooldownDays = &d
	}
	b.DefaultRegion = strings.ToUpper(strings.TrimSpace(b.DefaultRegion))
	if b.DefaultCurrency == "" {
		b.DefaultCurrency = "USD"
	}
	b.DefaultCurrency = strings.ToUpper(b.DefaultCurrency)
}

// validate returns one error per bad key, each naming it.
func (b *BookConfig) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("book.%s: %s", key, fmt.Sprintf(format, args...)))
	}
	keys := make([]string, 0, len(b.ReviewDays))
	for g := range b.ReviewDays {
		keys = append(keys, g)
	}
	slices.Sort(keys)
	for _, g := range keys {
		switch d := b.ReviewDays[g]; {
		case len(g) != 1 || !strings.Contains(book.Grades, g):
			bad("review_days."+g, "is not a grade: use A, B, C, D and E")
		case d < 1 || d > 3660:
			bad("review_days."+g, "%d is out of range: use 1 to 3660 days (default A 1, B 7, C 15, D 30, E 365)", d)
		}
	}
	if b.PoolCap < 1 {
		bad("pool_cap", "%d: use at least 1 (default 50)", b.PoolCap)
	}
	if b.ClaimDays < 1 {
		bad("claim_days", "%d: use at least 1 (default 30)", b.ClaimDays)
	}
	if b.WarnDays != nil && (*b.WarnDays < 0 || *b.WarnDays >= b.ClaimDays) {
		bad("warn_days", "%d: use 0 (no warning) to claim_days - 1 (default 3)", *b.WarnDays)
	}
	if b.CooldownDays != nil && (*b.CooldownDays < 0 || *b.CooldownDays > 365) {
		bad("cooldown_days", "%d: use 0 to 365 days (default 7)", *b.CooldownDays)
	}
	if b.DailyClaims < 0 {
		bad("daily_claims", "%d: use 0 (no cap) or more", b.DailyClaims)
	}
	if b.DefaultRegion != "" {
		if _, ok := book.LookupCountry(b.DefaultRegion); !ok && len(b.DefaultRegion) != 2 {
			bad("default_region", "%q is not an ISO country code: write it like \"US\"", b.DefaultRegion)
		}
	}
	if len(b.DefaultCurrency) != 3 {
		bad("default_currency", "%q is not a currency code: write it like \"USD\"", b.DefaultCurrency)
	}
	return errs
}

// Rules turns the config into the book's rules.
func (b BookConfig) Rules() book.Rules {
	r := book.Rules{
		Cadence:       map[string]time.Duration{},
		PoolCap:       b.PoolCap,
		ClaimDeadline: time.Duration(b.ClaimDays) * book.Day,
		WarnBefore:    book.DefaultRules().WarnBefore,
		DailyClaims:   b.DailyClaims,
	}
	if b.WarnDays != nil {
		r.WarnBefore = time.Duration(*b.WarnDays) * book.Day
	}
	if b.CooldownDays != nil {
		r.Cooldown = time.Duration(*b.CooldownDays) * book.Day
	} else {
		r.Cooldown = book.DefaultRules().Cooldown
	}
	for g, d := range b.ReviewDays {
		r.Cadence[g] = time.Duration(d) * book.Day
	}
	return r
}
