package book

import (
	"sort"
	"time"

	"keepwarm/worldcal"
)

// Revenue is what one customer ordered, in one currency, in minor units.
type Revenue struct {
	CustomerID int64     `json:"customer_id"`
	Customer   string    `json:"customer"`
	Owner      string    `json:"owner,omitempty"`
	Grade      string    `json:"grade,omitempty"`
	Currency   string    `json:"currency"`
	Cents      int64     `json:"cents"`
	Orders     int       `json:"orders"`
	FirstOrder time.Time `json:"first_order"`
	LastOrder  time.Time `json:"last_order"`
}

// ParetoRow is one customer among those bringing the target share of revenue.
type ParetoRow struct {
	Revenue
	Share      float64 `json:"share"`      // of the currency's total, 0..1
	Cumulative float64 `json:"cumulative"` // including this customer
	Suggested  string  `json:"suggested_grade"`
	// NextOrder is the day the customer's order rhythm says the next order
	// comes: the last order plus the mean gap between orders (a year for a
	// customer with one order), at UTC as orders are.
	NextOrder time.Time `json:"next_order"`
}

// RevenueSince is where a year of orders before now starts: the same day
// a year before today in loc, as orders are stored (the date the file
// wrote, at UTC: import keeps an order's day, not an instant in some zone).
// Compared with an instant in the team's zone, a team west of UTC would
// leave that first day's orders out and one east of UTC would take in
// the evening before.
func RevenueSince(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year()-1, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Today is now's date in loc, as orders are stored: that day at UTC. It
// is what Pareto measures the next order from, so the suggested grade is
// the same all day and on the team's day, not UTC's.
func Today(now time.Time, loc *time.Location) time.Time {
	return worldcal.Civil(now.In(loc))
}

// Pareto returns, for one currency's revenues, the biggest customers whose
// revenue together first reaches target (0.8 for 80/20), biggest first, and
// the total. The total is of the customers with revenue: one whose refunds
// in the period outweigh their orders (a refund of an older order) is left
// out, not subtracted, so no share passes 100%. The suggested grade follows docs/rules.md's meaning of grades:
// A expected to order within a month, B within three; a top customer is
// never suggested below B, so year-end planning protects it. today is a
// day as Today gives it: the next order's day is counted from it in whole
// days.
func Pareto(revs []Revenue, target float64, today time.Time) (rows []ParetoRow, total int64) {
	sorted := append([]Revenue(nil), revs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Cents != sorted[j].Cents {
			return sorted[i].Cents > sorted[j].Cents
		}
		return sorted[i].CustomerID < sorted[j].CustomerID
	})
	for _, r := range sorted {
		if hasRevenue(r) {
			total += r.Cents
		}
	}
	if total <= 0 {
		return nil, total
	}
	var cum int64
	for _, r := range sorted {
		if !hasRevenue(r) || float64(cum) >= target*float64(total) {
			break
		}
		cum += r.Cents
		next := nextOrder(r)
		rows = append(rows, ParetoRow{
			Revenue: r, Share: float64(r.Cents) / float64(total), Cumulative: float64(cum) / float64(total),
			Suggested: suggestGrade(next, today), NextOrder: next,
		})
	}
	return rows, total
}

// WithRevenue is how many of revs bring revenue: the customers Pareto's
// total is of (one whose refunds outweigh their orders is left out).
func WithRevenue(revs []Revenue) int {
	n := 0
	for _, r := range revs {
		if hasRevenue(r) {
			n++
		}
	}
	return n
}

// hasRevenue is whether r counts towards Pareto's total.
func hasRevenue(r Revenue) bool { return r.Cents > 0 }

func nextOrder(r Revenue) time.Time {
	gap := 365 * Day
	if r.Orders > 1 && r.LastOrder.After(r.FirstOrder) {
		gap = r.LastOrder.Sub(r.FirstOrder) / time.Duration(r.Orders-1)
	}
	// A day, as orders are: an order written with its hour, or a mean gap
	// of a day and a half, does not make the grade turn at some hour.
	return worldcal.Civil(r.LastOrder.Add(gap).UTC())
}

// suggestGrade is A when the next order's day is at most 31 days after
// today, both days at UTC.
func suggestGrade(next, today time.Time) string {
	if next.Sub(today) <= 31*Day {
		return "A"
	}
	return "B"
}
