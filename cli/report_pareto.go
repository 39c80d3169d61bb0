package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// paretoReport is one currency's 80/20 list.
type paretoReport struct {
	Currency string           `json:"currency"`
	Since    time.Time        `json:"since"`
	Total    int64            `json:"total_cents"`
	Rows     []book.ParetoRow `json:"customers"`
}

// cmdReportPareto prints, per currency, the customers who bring the target
// share (80%) of revenue since --since, their grade now and a suggested grade.
type reportParetoCmd struct {
	Since  string  `name:"since" help:"count orders from: a duration back from today (90d, 2w) or a date (2026-01-01) or RFC 3339 time; default one year back"`
	Target float64 `name:"target" help:"share of revenue to cover" default:"0.8"`
	Format string  `name:"format" help:"table, csv (one row a customer) or json" default:"table"`
	// JSON is --format json, as the report took before it had --format:
	// kept for scripts, not shown in --help.
	JSON bool `name:"json" hidden:"" help:"print JSON (the same as --format json)"`
}

func (opt *reportParetoCmd) Run(ctx context.Context, m *Main) error {
	sinceArg, target := &opt.Since, &opt.Target
	if err := checkFormat("report pareto", opt.Format, "table", "csv", "json"); err != nil {
		return err
	}
	format := opt.Format
	if opt.JSON {
		if format != "table" && format != "json" {
			return usageError{fmt.Sprintf("report pareto: --json and --format %s: give one of them", format)}
		}
		format = "json"
	}
	now, loc := m.clock.Now(), m.cfg.TeamLocation()
	// Orders are stored by the day their file wrote, at UTC: --since and
	// the dates printed are days in that frame, not instants in loc.
	since := book.RevenueSince(now, loc)
	if *sinceArg != "" {
		// As the other reports read it (a duration counts back from now,
		// whole days in the team's zone), then the day that instant falls
		// on in the team's zone, as orders are stored. From now itself,
		// not reportWindow's now+1s (which keeps this second in an
		// instant window): at 23:59:59 that would be tomorrow, and 7d
		// six days back.
		t, ok := parseSince(*sinceArg, now, loc)
		if !ok {
			return usageError{fmt.Sprintf("report pareto: --since %q: write a duration (90d, 2w) or a date (2026-01-01)", *sinceArg)}
		}
		since = book.Today(t, loc)
		if today := book.Today(now, loc); since.After(today) {
			// A typo for last year's date: "no orders" over a full book
			// (an empty CSV, [] to a script) would read as no revenue.
			return usageError{fmt.Sprintf("report pareto: --since %q is after today (%s): the report would be empty",
				*sinceArg, today.Format("2006-01-02"))}
		}
	}
	if *target <= 0 || *target > 1 {
		return usageError{"report pareto: --target must be between 0 and 1 (0.8 for 80/20)"}
	}
	revs, err := m.db.Revenues(ctx, since)
	if err != nil {
		return err
	}
	byCur := map[string][]book.Revenue{}
	for _, r := range revs {
		byCur[r.Currency] = append(byCur[r.Currency], r)
	}
	reports := []paretoReport{}
	for cur, rs := range byCur {
		rows, total := book.Pareto(rs, *target, book.Today(now, loc))
		if rows == nil {
			rows = []book.ParetoRow{} // refunds only: "customers": [], not null
		}
		reports = append(reports, paretoReport{Currency: cur, Since: since, Total: total, Rows: rows})
	}
	sort.Slice(reports, func(i, j int) bool { return reports[i].Total > reports[j].Total })
	switch format {
	case "json":
		return writeJSON(m.Stdout, reports)
	case "csv":
		return writeParetoCSV(m.Stdout, reports)
	}
	if len(reports) == 0 {
		fmt.Fprintf(m.Stdout, "no orders since %s: import them with `keepwarm orders import FILE`\n", since.Format("2006-01-02"))
	}
	for _, r := range reports {
		// Of the customers the total is of: one whose refunds outweigh
		// their orders in the period is left out of it (book.Pareto).
		with := book.WithRevenue(byCur[r.Currency])
		if with == 0 {
			fmt.Fprintf(m.Stdout, "%s since %s: no revenue, refunds only (%d customer(s))\n", r.Currency, since.Format("2006-01-02"),
				len(byCur[r.Currency]))
			continue
		}
		fmt.Fprintf(m.Stdout, "%s since %s: %d of %d customer(s) bring %.0f%% of %s\n", r.Currency, since.Format("2006-01-02"),
			len(r.Rows), with, 100*last(r.Rows), money(r.Total))
		tw := newTable(m.Stdout)
		fmt.Fprintln(tw, "ID\tCUSTOMER\tOWNER\tREVENUE\tSHARE\tCUM\tORDERS\tLAST ORDER\tGRADE\tSUGGESTED")
		for _, p := range r.Rows {
			flag := ""
			if p.Grade == "" || strings.Compare(p.Grade, p.Suggested) > 0 {
				flag = " !"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.1f%%\t%.1f%%\t%d\t%s\t%s\t%s%s\n", p.CustomerID, truncate(p.Customer, 30), m.ownerName(p.Owner),
				money(p.Cents), 100*p.Share, 100*p.Cumulative, p.Orders, p.LastOrder.UTC().Format("2006-01-02"),
				orDash(p.Grade), p.Suggested, flag)
		}
		tw.Flush()
	}
	return nil
}

// writeParetoCSV writes one line per customer, each currency's after the
// other, in the table's order: numbers a spreadsheet computes on (revenue
// in major units without separators, shares from 0 to 1).
func writeParetoCSV(w io.Writer, reports []paretoReport) error {
	cw := keepwarm.NewCSVWriter(w)
	cw.Write([]string{"currency", "since", "customer_id", "customer", "owner", "revenue", "share", "cumulative", "orders",
		"last_order", "grade", "suggested_grade"})
	for _, r := range reports {
		for _, p := range r.Rows {
			cw.Write(keepwarm.CSVSafe([]string{r.Currency, r.Since.Format("2006-01-02"), strconv.FormatInt(p.CustomerID, 10), p.Customer,
				p.Owner, strings.ReplaceAll(money(p.Cents), ",", ""), strconv.FormatFloat(p.Share, 'f', 4, 64),
				strconv.FormatFloat(p.Cumulative, 'f', 4, 64), strconv.Itoa(p.Orders), p.LastOrder.UTC().Format("2006-01-02"),
				p.Grade, p.Suggested}))
		}
	}
	cw.Flush()
	return cw.Error()
}

func last(rows []book.ParetoRow) float64 {
	if len(rows) == 0 {
		return 0
	}
	return rows[len(rows)-1].Cumulative
}

// money writes minor units with thousands separators: 1234567 -> "12,345.67".
func money(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := fmt.Sprintf("%d", cents/100)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return fmt.Sprintf("%s.%02d", s, cents%100)
}
