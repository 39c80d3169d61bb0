package book

import (
	"fmt"
	"math"
	"time"
)

// Day is 24 hours; cadences and deadlines are counted in them.
const Day = 24 * time.Hour

// Rules are the book's numbers a manager may change in [book].
type Rules struct {
	// Cadence is how often a customer of each grade ("A".."E") is reviewed.
	Cadence map[string]time.Duration
	// PoolCap is how many unconverted pool customers one salesperson may hold.
	PoolCap int
	// ClaimDeadline is how long a claimed pool customer has to answer or be
	// won before it returns to the pool.
	ClaimDeadline time.Duration
	// WarnBefore is how long before the deadline the claim is listed as
	// returning soon.
	WarnBefore time.Duration
	// Cooldown is how long a salesperson who let a pool customer go (its
	// deadline passed, or they released it) must wait before claiming it
	// again: otherwise the deadline has no teeth.
	Cooldown time.Duration
	// DailyClaims caps the pool customers one salesperson may claim in a
	// day (the last 24 hours), those round robin handed them included; 0
	// is no cap.
	DailyClaims int
}

// DefaultRules are docs/rules.md's numbers: reviews A daily, B weekly, C every
// 15 days, D monthly, E yearly; 50 pool customers; 30 days; warn 3 days
// before; 7 days before a returned customer's last holder may claim it again.
func DefaultRules() Rules {
	return Rules{
		Cadence: map[string]time.Duration{
			"A": 1 * Day, "B": 7 * Day, "C": 15 * Day, "D": 30 * Day, "E": 365 * Day,
		},
		PoolCap:       50,
		ClaimDeadline: 30 * Day,
		WarnBefore:    3 * Day,
		Cooldown:      7 * Day,
	}
}

// ReviewDue returns when a customer of grade last reviewed (or graded) at
// since is next due for review; ok is false for an ungraded customer.
func (r Rules) ReviewDue(grade string, since time.Time) (due time.Time, ok bool) {
	c, ok := r.Cadence[grade]
	if !ok || c <= 0 {
		return time.Time{}, false
	}
	return since.Add(c), true
}

// Claim is a pool customer's claim as far as the rules care.
type Claim struct {
	ClaimedAt time.Time
	Deadline  time.Time
	RepliedAt time.Time // first real answer from the customer after the claim; zero if none
	WonAt     time.Time // zero unless marked won
}

// ClaimState says where a claim stands.
type ClaimState string

const (
	// ClaimPending: no answer yet and the deadline has not passed.
	ClaimPending ClaimState = "pending"
	// ClaimWarn: pending, and the deadline is within WarnBefore.
	ClaimWarn ClaimState = "returning"
	// ClaimExpired: the deadline passed without an answer or a win: the
	// customer goes back to the pool.
	ClaimExpired ClaimState = "expired"
	// ClaimConverted: the customer answered or was won in time; the claim is
	// the salesperson's for good and no longer counts against the cap.
	ClaimConverted ClaimState = "converted"
)

// State classifies c at now.
func (r Rules) State(c Claim, now time.Time) ClaimState {
	in := func(t time.Time) bool { return !t.IsZero() && !t.After(c.Deadline) }
	switch {
	case in(c.WonAt) || in(c.RepliedAt):
		return ClaimConverted
	case !now.Before(c.Deadline):
		return ClaimExpired
	case !now.Before(c.Deadline.Add(-r.WarnBefore)):
		return ClaimWarn
	}
	return ClaimPending
}

// Status says where a claim stands in words: "answered" only when the
// customer answered in time, "won" when it was won without an answer, else
// when it returns to the pool.
func (r Rules) Status(c Claim, now time.Time) string {
	in := func(t time.Time) bool { return !t.IsZero() && !t.After(c.Deadline) }
	switch {
	case in(c.RepliedAt):
		return "answered"
	case in(c.WonAt):
		return "won"
	}
	return ReturningIn(c.Deadline, now)
}

// DaysLeft is the number of days until deadline, rounded up: 72 hours and
// 60 hours are both "3 days".
func DaysLeft(deadline, now time.Time) int {
	return int(math.Ceil(deadline.Sub(now).Hours() / 24))
}

// ReturningIn says when a claim returns to the pool, as the digest lists
// it: in days, and in hours (or minutes) on its last day, so a claim with
// 59 minutes left does not read as a day.
func ReturningIn(deadline, now time.Time) string {
	left := deadline.Sub(now)
	switch d := DaysLeft(deadline, now); {
	case left <= 0:
		return "returning to the pool now"
	case left <= time.Hour:
		return plural(int(math.Ceil(left.Minutes())), "returning in %d minute")
	case left < Day:
		return plural(int(math.Ceil(left.Hours())), "returning in %d hour")
	default:
		return plural(d, "returning in %d day")
	}
}

func plural(n int, format string) string {
	s := fmt.Sprintf(format, n)
	if n != 1 {
		s += "s"
	}
	return s
}

// CanClaim checks the cap: held is how many pending claims the salesperson
// has now.
func (r Rules) CanClaim(held int) error {
	if r.PoolCap > 0 && held >= r.PoolCap {
		return fmt.Errorf("already holds %d pool customers, the cap is %d: convert or release one first", held, r.PoolCap)
	}
	return nil
}

// CanClaimAgain checks the cool-down: left is when the salesperson last let
// the customer go (zero if never).
func (r Rules) CanClaimAgain(left, now time.Time) error {
	if left.IsZero() || r.Cooldown <= 0 || !now.Before(left.Add(r.Cooldown)) {
		return nil
	}
	return fmt.Errorf("let it go back to the pool on %s: the same salesperson may claim it again from %s (cool-down %d days)",
		left.UTC().Format("2006-01-02 15:04 UTC"), left.Add(r.Cooldown).UTC().Format("2006-01-02 15:04 UTC"), int(r.Cooldown/Day))
}

// CanClaimToday checks the daily cap: claimed is how many pool customers
// the salesperson claimed, or round robin handed them, in the last 24
// hours.
func (r Rules) CanClaimToday(claimed int) error {
	if r.DailyClaims > 0 && claimed >= r.DailyClaims {
		return fmt.Errorf("claimed or was handed %d pool customers in the last 24 hours, the daily cap is %d: try again tomorrow", claimed, r.DailyClaims)
	}
	return nil
}
