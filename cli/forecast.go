package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"keepwarm/app"
)

// forecastCmd is `keepwarm forecast [--days 14] [--json]`: everything
// keepwarm will send or ask someone to do, per salesperson and day, at the
// customer's local time, with the rule that placed it — computed by the
// jobs' own planning, as the web console's forecast is. It writes nothing.
type forecastCmd struct {
	Days int  `name:"days" default:"14" help:"how many days ahead"`
	JSON bool `name:"json" help:"print JSON"`
}

func (opt *forecastCmd) Run(ctx context.Context, m *Main) error {
	if opt.Days <= 0 || opt.Days > 366 {
		return usageError{fmt.Sprintf("forecast: --days %d: give 1 to 366", opt.Days)}
	}
	fu, err := m.app.NewFollowUp(nil)
	if err != nil {
		return err
	}
	var g app.GreetingPlanner
	if job, err := m.app.NewGreetings(nil); err != nil {
		return err
	} else if job != nil {
		g = job
	}
	entries, err := app.Forecast(ctx, m.db, fu, g, m.cfg.TeamLocation(), m.clock.Now(), opt.Days)
	if err != nil {
		return err
	}
	if opt.JSON {
		if entries == nil {
			entries = []app.ForecastEntry{}
		}
		return writeJSON(m.Stdout, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintf(m.Stdout, "Nothing planned in the next %d days.\n", opt.Days)
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN (CUSTOMER'S TIME)\tZONE\tSALESPERSON\tCUSTOMER\tWHAT\tRULE")
	for _, e := range entries {
		name := e.CustomerName
		if name == "" {
			name = e.Customer
		}
		what := e.What
		if e.Sequence != "" {
			what = fmt.Sprintf("%s step %d: %s", e.Sequence, e.Step, e.What)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Local, e.TimeZone, e.Owner, name, what, e.Rule)
	}
	return tw.Flush()
}
