package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// Forecaster is the follow-up job's planning (*sequences.FollowUp).
type Forecaster interface {
	Forecast(ctx context.Context, now, until time.Time) ([]sequences.Planned, error)
}

// ForecasterWith is a Forecaster that counts other planned mail (per
// lower-case address) against the per-contact limits.
type ForecasterWith interface {
	ForecastWith(ctx context.Context, now, until time.Time, also map[string][]time.Time) ([]sequences.Planned, error)
}

// GreetingPlanner is the greetings job's planning (*sequences.Greetings),
// the code `keepwarm greetings plan` prints.
type GreetingPlanner interface {
	PlanMonth(ctx context.Context, month string, now time.Time) (sequences.Plan, error)
}

// GreetingSkipper stops a planned greeting or letter before it goes
// (sequences.Greetings.SkipPlanned).
type GreetingSkipper interface {
	SkipPlanned(ctx context.Context, key, by string, now time.Time, may func(customerID int64) error) (sequences.PlanItem, keepwarm.OutboxItem, error)
}

// GreetingAway reads who is away for sequences.AwayVerdict
// (*sequences.Greetings).
type GreetingAway interface {
	AwayRoster(ctx context.Context, now time.Time) (sequences.Roster, bool, error)
}

// ForecastEntry is one thing keepwarm will send or ask a person to do.
type ForecastEntry struct {
	At           time.Time      `json:"at"`
	Local        string         `json:"local"` // At in the customer's zone
	TimeZone     string         `json:"time_zone"`
	Location     *time.Location `json:"-"`
	Owner        string         `json:"owner"`
	Kind         string         `json:"kind"` // email, task, greeting, letter
	CustomerID   int64          `json:"customer_id"`
	Customer     string         `json:"customer"`
	CustomerName string         `json:"customer_name,omitempty"`
	Sequence     string         `json:"sequence,omitempty"`
	Step         int            `json:"step,omitempty"` // 1-based
	Template     string         `json:"template,omitempty"`
	// Mode is how a follow-up's email goes: "send", "draft" (filed for
	// the salesperson to send) or "dry-run" (recorded, never sent).
	Mode string `json:"mode,omitempty"`
	What string `json:"what"`
	Rule string `json:"rule"`
	// What and Rule in parts, for a page that writes them in its own
	// language: a task's words; a greeting's or letter's recipient, its
	// occasion and day or its month, and why it waits (Note).
	Task         string `json:"-"`
	To           string `json:"-"`
	OccasionName string `json:"-"`
	OccasionDate string `json:"-"`
	SendRule     string `json:"-"` // a greeting's: "on the day", "3 days before", "the customer's last working day before it"
	Month        string `json:"-"`
	Note         string `json:"-"`
	// Key is a greeting's or letter's outbox key, by which a person stops
	// it before it goes (sequences.Greetings.SkipPlanned); "" for a step.
	Key string `json:"key,omitempty"`
}

// Forecast lists what keepwarm will do from now for days days: the
// follow-up steps and tasks as the follow-up job places them and the
// greetings and letters as the greetings job plans them (g may be nil),
// by time. Both come from the jobs' own planning, the code that enqueues.
func Forecast(ctx context.Context, db *store.DB, fu Forecaster, g GreetingPlanner, team *time.Location, now time.Time, days int) ([]ForecastEntry, error) {
	if team == nil {
		team = time.UTC
	}
	until := now.AddDate(0, 0, days)
	var out []ForecastEntry
	// The greetings and letters planned, per lower-case address: the
	// follow-up steps count them against the weekly cap and one mail a day.
	also := map[string][]time.Time{}
	customers := map[int64]keepwarm.Customer{}
	customer := func(id int64) keepwarm.Customer {
		c, ok := customers[id]
		if !ok {
			var err error
			if c, err = db.CustomerForSequence(ctx, id); err != nil {
				c = keepwarm.Customer{ID: id, Key: fmt.Sprintf("#%d", id)}
			}
			customers[id] = c
		}
		return c
	}
	if g != nil {
		// The send's last look holds or drops a greeting or letter while
		// its sender is away: the forecast says so, as the digest does.
		var roster sequences.Roster
		away := false
		if ga, ok := g.(GreetingAway); ok {
			var err error
			if roster, away, err = ga.AwayRoster(ctx, now); err != nil {
				return nil, err
			}
		}
		seen := map[string]bool{}
		for _, month := range monthsTouched(now, until) {
			plan, err := g.PlanMonth(ctx, month, now)
			if err != nil {
				return nil, err
			}
			for _, it := range plan.Items {
				// One due whose time has come but that waits (the weekly
				// cap, the customer's mail waiting for an answer, a
				// follow-up running) is listed now, with why, so it can
				// still be stopped.
				if it.Status != sequences.PlanPlanned && it.Status != sequences.PlanDue || it.SendAt.After(until) || seen[it.Key] ||
					it.SendAt.Before(now) && it.Status != sequences.PlanDue {
					continue
				}
				at := it.SendAt
				if at.Before(now) {
					at = now
				}
				seen[it.Key] = true
				c := customer(it.CustomerID)
				loc := it.Location()
				if loc == nil {
					loc = team
				}
				what, rule := it.Kind+" "+it.Template, "monthly letter "+it.Month
				if it.Kind == "greeting" {
					rule = fmt.Sprintf("%s on %s, %s", it.OccasionName, it.OccasionDate, it.SendRule)
				}
				note := it.Reason
				goes := true
				if away {
					if held, back, why, ok := sequences.AwayAtLook(it, roster, now); ok {
						note, goes = why, held
						if held && back.After(at) {
							at = back
						}
					}
				}
				if cnt, counts := it.CountsAt(now); goes && counts {
					if cnt.Before(at) {
						cnt = at
					}
					to := strings.ToLower(it.To.Email)
					also[to] = append(also[to], cnt)
				}
				if note != "" {
					rule += "; " + note
				}
				out = append(out, ForecastEntry{At: at, Local: it.SendAtLocal, TimeZone: it.TimeZone, Location: loc,
					Owner: c.Owner, Kind: it.Kind, CustomerID: it.CustomerID, Customer: c.Key, CustomerName: c.Name,
					Template: it.Template, What: what + " to " + it.To.Email, Rule: rule,
					To: it.To.Email, OccasionName: it.OccasionName, OccasionDate: it.OccasionDate, SendRule: it.SendRule, Month: it.Month, Note: note, Key: it.Key})
			}
		}
	}
	if fu != nil {
		var plan []sequences.Planned
		var err error
		if fw, ok := fu.(ForecasterWith); ok {
			plan, err = fw.ForecastWith(ctx, now, until, also)
		} else {
			plan, err = fu.Forecast(ctx, now, until)
		}
		if err != nil {
			return nil, err
		}
		for _, p := range plan {
			c := customer(p.CustomerID)
			what := "email " + p.Template + ModeWords(string(p.Mode))
			if p.Action == "task" {
				what = "task: " + p.Task
			}
			out = append(out, ForecastEntry{At: p.At, Local: p.At.In(p.Location).Format("Mon 2 Jan 15:04"), TimeZone: p.Location.String(),
				Location: p.Location, Owner: p.Owner, Kind: p.Action, CustomerID: p.CustomerID, Customer: c.Key, CustomerName: c.Name,
				Sequence: p.Sequence, Step: p.Step + 1, Template: p.Template, Mode: string(p.Mode), What: what, Rule: p.Rule, Task: p.Task})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// ModeWords is what follows "email <template>" in a forecast when the
// step's mail is not sent by keepwarm itself: " (draft: filed for the
// salesperson to send)" or " (dry-run: not sent)"; "" in send mode.
func ModeWords(mode string) string {
	switch keepwarm.SendMode(mode) {
	case keepwarm.ModeDraft:
		return " (draft: filed for the salesperson to send)"
	case keepwarm.ModeDryRun:
		return " (dry-run: not sent)"
	}
	return ""
}

// monthsTouched names every calendar month ("2026-12") of the customers'
// days between from and to. A month's plan holds the greetings whose send
// day in the customer's own zone falls in it, and zones run from 12 hours
// behind UTC to 14 ahead: the UTC months from 14 hours before from to 14
// hours after to cover them all, as the digest plans its day.
func monthsTouched(from, to time.Time) []string {
	first := from.Add(-14 * time.Hour).UTC()
	last := to.Add(14 * time.Hour).UTC()
	var out []string
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}
