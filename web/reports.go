package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Reporter is the console's reports: each a table of numbers with the bars
// its chart draws, scoped to the person (their own rows for a salesperson).
// A Backend that implements it gets /reports/*.
type Reporter interface {
	Report(ctx context.Context, p Person, name string, now time.Time) (Report, error)
}

// Report is one report: its table and the chart of one of its columns.
type Report struct {
	Title   string
	Note    string
	Columns []string
	Rows    [][]string
	Chart   string // what the bars show
	Bars    []Bar
	// Trend is the reply times week by week, oldest first (the replies
	// report only): the team's for a manager, their own for a salesperson.
	Trend []TrendWeek
	// Breaches are the messages answered beyond their target or still
	// waiting beyond it, oldest first (the replies report only); nil for
	// other reports, empty when there are none. The page lists those
	// ListBreaches marks (ShownBreaches), the CSV all: only those have
	// CustomerID and Open set.
	Breaches []Breach
	// Older is the customer mail still waiting past its target that came
	// before the period (the replies report only): counted in none of its
	// figures, yet the most forgotten of all. The longest waiting first, up
	// to OlderShown of them, with CustomerID and Open set; OlderCount is
	// how many there are in all.
	Older      []Breach
	OlderCount int
	// Quiet: the first column and the bars' labels are reasons a customer
	// went quiet (keepwarm.QuietReason labels), shown translated.
	Quiet bool
	// Since and Until are the period (the replies report's: shown under
	// its title with the targets, as `keepwarm report replies` heads it);
	// Target is the reply target ("10m") and GradeTargets a grade's own.
	Since, Until time.Time
	Target       string
	GradeTargets []GradeTarget
	// Judged names the targets the period's mail was judged with ("10m,
	// 30m") when one of them is not among today's (the targets changed
	// within or since the period), else "".
	Judged string
	// CSVColumns and CSVRows are the table as its CSV writes it when that
	// differs from the page: numbers a spreadsheet computes on (minutes, a
	// percentage) where the page writes "1h 05m" and "85%". Nil: Columns
	// and Rows.
	CSVColumns []string
	CSVRows    [][]string
}

// BreachesShown is how many breaches the replies page lists. A team whose
// customers write at night against a wall-clock target has thousands in
// 30 days; the CSV keeps them all.
const BreachesShown = 50

// OlderShown is how many of the mail still waiting from before the period
// the replies page lists.
const OlderShown = 5

// ListBreaches marks the breaches the page lists (Listed), of bs oldest
// first: every one still waiting, from the one waiting longest, since a
// forgotten customer is what the list is for and the only breach anyone
// can still act on, then the most recent of those answered late, up to
// BreachesShown in all, as the weekly summary picks its own
// (sequences.ListedBreaches).
func ListBreaches(bs []Breach) {
	listed := sequences.ListedBreaches(len(bs), BreachesShown, func(i int) bool { return bs[i].Answered.IsZero() })
	for i := range bs {
		bs[i].Listed = listed[i]
	}
}

// ShownBreaches are the breaches the page lists (Listed), oldest first.
func (r Report) ShownBreaches() []Breach {
	out := []Breach{}
	for _, b := range r.Breaches {
		if b.Listed {
			out = append(out, b)
		}
	}
	return out
}

// MoreBreaches is how many breaches the page leaves to the CSV.
func (r Report) MoreBreaches() int {
	return len(r.Breaches) - len(r.ShownBreaches())
}

// GradeTarget is one grade's reply target ("A", "5m").
type GradeTarget struct{ Grade, Target string }

// TrendWeek is one week of reply times.
type TrendWeek struct {
	Start            time.Time // the week's first day, at midnight in the team's zone
	Count            int       // customer mail received that week
	Median           time.Duration
	HasMedian        bool // false when nothing that week was answered
	Share            float64
	HasShare         bool // false when no outcome is known yet
	Within, Breaches int  // answered within the target; answered late or waiting past it
}

// Breach is one message answered beyond its target or still waiting past it.
type Breach struct {
	MessageID    int64
	CustomerID   int64
	CustomerName string
	// Salesperson is whose row of the table counts it: who answered, else
	// the customer's owner; Owner is the customer's owner, RepliedBy who
	// answered ("" when nobody has or it is not known).
	Salesperson string
	Owner       string
	RepliedBy   string
	// OwnerNow is, for mail still waiting, the customer's owner of today,
	// whom the desk and the nudges ask to answer it: after a handover once
	// its target had passed, not Owner, to whom it stays counted.
	OwnerNow string
	// Backup is the colleague who had the nudges in the owner's place, the
	// owner being away, when someone else answered or nobody did ("" else).
	Backup string
	// Open: the person may open the message (a late answer they gave for
	// a customer no longer theirs is counted, but not opened). CustomerID
	// is then the customer of its thread, whose page shows the
	// conversation, and ThreadID the thread when that customer is not the
	// message's own (a forwarder's Reply-all, a buyer's private address in
	// a colleague's thread; 0 else); NoPage: that page is closed to the
	// person, the name is no link.
	Open     bool
	ThreadID int64
	NoPage   bool
	// Listed: the page lists it (ListBreaches); the CSV lists them all.
	Listed   bool
	Subject  string
	Received time.Time
	Answered time.Time // zero: still waiting
	Target   time.Duration
	Late     time.Duration // beyond the target, to the answer or to now
}

// Bar is one bar of a chart: Value of Max, labelled.
type Bar struct {
	Label string
	Value float64
	Max   float64
	Text  string // the value as written
	Bad   bool
}

// reportNames are the reports and their page titles.
var reportNames = []string{"replies", "sequences", "quiet", "pareto"}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.b.(Reporter)
	name := r.PathValue("name")
	if !ok || !validReport(name) {
		s.notFound(w, r)
		return
	}
	out, err := rep.Report(r.Context(), person(r), name, s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		cols, rows, file := out.Columns, out.Rows, name
		if out.CSVColumns != nil {
			cols, rows = out.CSVColumns, out.CSVRows
		}
		since := out.Since
		switch table := r.URL.Query().Get("table"); {
		case table == "trend" && len(out.Trend) > 0:
			cols, rows = trendCSV(out.Trend)
			file, since = name+"-trend", out.Trend[0].Start
		case table == "breaches" && out.Breaches != nil:
			cols, rows = breachTable(out.Breaches, s.cfg.Location)
			file = name + "-breaches"
		case table != "":
			s.notFound(w, r)
			return
		}
		if !since.IsZero() && !out.Until.IsZero() {
			// The period in the name: one month's file is told from the
			// next once saved.
			file += "-" + since.In(s.cfg.Location).Format("2006-01-02") + "_" + out.Until.In(s.cfg.Location).Format("2006-01-02")
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Vary", "Cookie")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="keepwarm-%s.csv"`, file))
		cw := keepwarm.NewCSVWriter(w)
		_ = cw.Write(cols)
		for _, row := range rows {
			_ = cw.Write(keepwarm.CSVSafe(row))
		}
		cw.Flush()
		return
	}
	if out.Quiet {
		// Reasons in the reader's language (the CSV keeps them in English).
		l := lang(r)
		rows := make([][]string, len(out.Rows))
		for i, row := range out.Rows {
			rows[i] = append([]string{l.T(row[0])}, row[1:]...)
			if len(row) > 2 {
				rows[i][2] = s.personName(row[2])
			}
		}
		bars := append([]Bar(nil), out.Bars...)
		for i := range bars {
			bars[i].Label = l.T(bars[i].Label)
		}
		out.Rows, out.Bars = rows, bars
	}
	if len(out.Columns) > 0 && out.Columns[0] == "salesperson" {
		// The page names the team by name (the CSV keeps the addresses).
		name := func(key string) string {
			if key == "(none)" { // nobody's row: in the reader's language
				return lang(r).T(key)
			}
			return s.personName(key)
		}
		rows := make([][]string, len(out.Rows))
		for i, row := range out.Rows {
			rows[i] = row
			if len(row) > 0 {
				rows[i] = append([]string{name(row[0])}, row[1:]...)
			}
		}
		bars := append([]Bar(nil), out.Bars...)
		for i := range bars {
			bars[i].Label = name(bars[i].Label)
		}
		out.Rows, out.Bars = rows, bars
	}
	if name == "pareto" {
		// The owner by name, as the other pages name the team, and a
		// pooled customer's as the pool (the CSV keeps the addresses).
		rows := make([][]string, len(out.Rows))
		for i, row := range out.Rows {
			rows[i] = row
			if len(row) > 1 {
				owner := lang(r).T("(pool)")
				if row[1] != "" {
					owner = s.personName(row[1])
				}
				rows[i] = append(append([]string{row[0]}, owner), row[2:]...)
			}
		}
		out.Rows = rows
	}
	if name == "sequences" || name == "replies" {
		// The funnel's last row sums every sequence, the replies report's
		// the team (the CSV keeps "total").
		rows := make([][]string, len(out.Rows))
		for i, row := range out.Rows {
			rows[i] = row
			if len(row) > 0 && row[0] == "total" && i == len(out.Rows)-1 {
				rows[i] = append([]string{lang(r).T("total")}, row[1:]...)
			}
		}
		out.Rows = rows
		if n := len(out.Bars); n > 0 && out.Bars[n-1].Label == "total" {
			bars := append([]Bar(nil), out.Bars...)
			bars[n-1].Label = lang(r).T("total")
			out.Bars = bars
		}
	}
	data := map[string]any{"R": out, "Name": name, "Names": reportNames, "SVG": barChart(out)}
	if out.Trend != nil {
		l := lang(r)
		data["TrendMedian"], data["TrendShare"] = trendCharts(out.Trend, l)
		data["TrendCols"], data["TrendRows"] = trendTable(out.Trend)
	}
	s.render(w, r, http.StatusOK, "report", data)
}

func validReport(name string) bool {
	for _, n := range reportNames {
		if n == name {
			return true
		}
	}
	return false
}

// barChart draws the report's bars as a small SVG: one row per bar, the
// label above it, so it reads at 400 px as at 1280.
func barChart(rep Report) template.HTML {
	if len(rep.Bars) == 0 {
		return ""
	}
	const width, row = 360, 44
	h := row*len(rep.Bars) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, width, h, html.EscapeString(rep.Chart))
	for i, bar := range rep.Bars {
		y := i*row + 4
		frac := 0.0
		if bar.Max > 0 {
			frac = bar.Value / bar.Max
		}
		frac = min(max(frac, 0), 1)
		color := "#1f6feb"
		if bar.Bad {
			color = "#c62828"
		}
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="14" fill="#1d2430">%s</text>`, y+14, html.EscapeString(bar.Label))
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%d" height="18" rx="3" fill="#e1e5ec"/>`, y+20, width-70)
		fmt.Fprintf(&b, `<rect x="0" y="%d" width="%.0f" height="18" rx="3" fill="%s"/>`, y+20, frac*float64(width-70), color)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" fill="#1d2430">%s</text>`, width-64, y+34, html.EscapeString(bar.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}
