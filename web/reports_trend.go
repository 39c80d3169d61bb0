package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// trendTable is the weekly trend as the table beside its chart and its CSV.
func trendTable(trend []TrendWeek) ([]string, [][]string) {
	cols := []string{"week of", "mail", "within target", "breaches", "median", "share within"}
	var rows [][]string
	for _, w := range trend {
		med, share := "–", "–"
		if w.HasMedian {
			med = fmtDurShort(w.Median)
		}
		if w.HasShare {
			share = keepwarm.SharePercent(w.Share)
		}
		rows = append(rows, []string{w.Start.Format("2006-01-02"), fmt.Sprint(w.Count), fmt.Sprint(w.Within), fmt.Sprint(w.Breaches), med, share})
	}
	return cols, rows
}

// trendCSV is the weekly trend as its CSV: the table's figures as numbers
// (minutes, a percentage), blank where the table shows "–".
func trendCSV(trend []TrendWeek) ([]string, [][]string) {
	cols := []string{"week of", "mail", "within target", "breaches", "median (minutes)", "share within (%)"}
	var rows [][]string
	for _, w := range trend {
		med, share := "", ""
		if w.HasMedian {
			med = csvMinutes(w.Median)
		}
		if w.HasShare {
			share = fmt.Sprint(keepwarm.ShareFloor(w.Share))
		}
		rows = append(rows, []string{w.Start.Format("2006-01-02"), fmt.Sprint(w.Count), fmt.Sprint(w.Within), fmt.Sprint(w.Breaches), med, share})
	}
	return cols, rows
}

// breachTable is the breaches list as CSV (times in the team's zone,
// durations in whole minutes; answered is blank for mail still waiting).
func breachTable(list []Breach, loc *time.Location) ([]string, [][]string) {
	cols := []string{"customer", "salesperson", "owner", "replied by", "subject", "received", "status", "answered", "target (minutes)", "late by (minutes)",
		"covered by (owner away)", "owner now"}
	var rows [][]string
	for _, b := range list {
		status, answered := "still waiting", ""
		if !b.Answered.IsZero() {
			status, answered = "answered late", b.Answered.In(loc).Format("2006-01-02 15:04")
		}
		rows = append(rows, []string{b.CustomerName, b.Salesperson, b.Owner, b.RepliedBy, b.Subject, b.Received.In(loc).Format("2006-01-02 15:04"),
			status, answered, csvMinutes(b.Target), csvMinutes(b.Late), b.Backup, b.OwnerNow})
	}
	return cols, rows
}

// csvMinutes is a duration in minutes for a CSV (CSVMinutes).
func csvMinutes(d time.Duration) string { return CSVMinutes(d) }

// CSVMinutes writes a duration in minutes for a report's CSV, a number a
// spreadsheet computes on: whole minutes as such (10), else to two decimals
// (10.33, 0.42), which tell every second apart: a p90 of 10m 20s is not
// the 10-minute target, nor is a mail answered 25 s past its target late
// by 0. Down to the second; less is left out.
func CSVMinutes(d time.Duration) string {
	s := int64(d / time.Second)
	if s%60 == 0 {
		return strconv.FormatInt(s/60, 10)
	}
	return strconv.FormatFloat(float64(s)/60, 'f', 2, 64)
}

// fmtDurShort writes a report's duration in the units of fmtDur, leaving
// out a finer unit that is zero and adding one that is not: 45s, 45m,
// 10m 59s, 3h, 3h 05m, 1h 00m 59s, 2d, 2d 4h, 2d 0h 30m, 2d 0h 00m 30s. A
// duration is never written as a whole number of its coarsest unit when
// it is more, so a p90 of 1h 00m 59s does not read "1h" under a 1h target,
// nor 2d 0h 00m 30s "2d 0h 00m" under a 2d one.
func fmtDurShort(d time.Duration) string {
	s := max(int64(d/time.Second), 0)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600 && s%60 == 0:
		return fmt.Sprintf("%dm", s/60)
	case s < 3600:
		return fmt.Sprintf("%dm %02ds", s/60, s%60)
	case s < 48*3600 && s%3600 == 0:
		return fmt.Sprintf("%dh", s/3600)
	case s < 48*3600 && s%60 == 0:
		return fmt.Sprintf("%dh %02dm", s/3600, s%3600/60)
	case s < 48*3600:
		return fmt.Sprintf("%dh %02dm %02ds", s/3600, s%3600/60, s%60)
	case s%86400 == 0:
		return fmt.Sprintf("%dd", s/86400)
	case s%3600 == 0:
		return fmt.Sprintf("%dd %dh", s/86400, s%86400/3600)
	case s%60 == 0:
		return fmt.Sprintf("%dd %dh %02dm", s/86400, s%86400/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd %dh %02dm %02ds", s/86400, s%86400/3600, s%3600/60, s%60)
}

// ShortDuration is how a report writes a duration on its page, its table
// as its trend (fmtDurShort): to the unit that makes it exact, so a p90
// of 10m 59s is not read as a 10m target met, nor 1h 00m 59s as 1h.
func ShortDuration(d time.Duration) string { return fmtDurShort(d) }

// trendCharts draws the weekly trend as two small line charts, the median
// reply time and the share answered within target, each a full-width SVG
// that reads at 400 px: a week without the figure leaves a gap in the
// line; every point carries its value as a tooltip, and the table beside
// the charts has them all.
func trendCharts(trend []TrendWeek, l Lang) (median, share template.HTML) {
	var maxMed time.Duration
	for _, w := range trend {
		if w.HasMedian && w.Median > maxMed {
			maxMed = w.Median
		}
	}
	top := niceDuration(maxMed)
	medPts := make([]trendPoint, len(trend))
	sharePts := make([]trendPoint, len(trend))
	for i, w := range trend {
		medPts[i] = trendPoint{ok: w.HasMedian, frac: float64(w.Median) / float64(top), text: fmtDurShort(w.Median)}
		sharePts[i] = trendPoint{ok: w.HasShare, frac: w.Share, text: keepwarm.SharePercent(w.Share)}
	}
	first, last := "", ""
	if len(trend) > 0 {
		first, last = trend[0].Start.Format("01-02"), trend[len(trend)-1].Start.Format("01-02")
	}
	median = lineChart(l.T("Team median reply time, week by week"), medPts, "0", fmtDurShort(top), first, last, "#1f6feb", 0)
	share = lineChart(l.T("Share answered within target, week by week"), sharePts, "0%", "100%", first, last, "#2e7d32", 0.8)
	return median, share
}

type trendPoint struct {
	ok   bool
	frac float64 // 0..1 of the chart's height
	text string
}

// niceDuration rounds a top of scale up to a round figure.
func niceDuration(d time.Duration) time.Duration {
	for _, s := range []time.Duration{10 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour,
		12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 96 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour} {
		if d <= s {
			return s
		}
	}
	return d
}

// lineChart draws one series; goal (0..1, 0 = none) is a dashed line.
func lineChart(title string, pts []trendPoint, low, high, first, last, color string, goal float64) template.HTML {
	const width, height, left, right, top, bottom = 360, 150, 44, 8, 10, 22
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	x := func(i int) float64 {
		if len(pts) < 2 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(pts)-1)
	}
	y := func(f float64) float64 { return top + plotH*(1-min(max(f, 0), 1)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, width, height, html.EscapeString(title))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#c9ced8"/>`, left, top, left, height-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#c9ced8"/>`, left, height-bottom, width-right, height-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#5b6472">%s</text>`, left-4, top+10, html.EscapeString(high))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#5b6472">%s</text>`, left-4, height-bottom, html.EscapeString(low))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#5b6472">%s</text>`, left, height-6, html.EscapeString(first))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#5b6472">%s</text>`, width-right, height-6, html.EscapeString(last))
	if goal > 0 {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#9aa3b2" stroke-dasharray="4 3"/>`, left, y(goal), width-right, y(goal))
	}
	// One polyline per run of weeks that have the figure.
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(&b, `<polyline class="trend" fill="none" stroke="%s" stroke-width="2" points="%s"/>`, color, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for i, p := range pts {
		if !p.ok {
			flush()
			continue
		}
		run = append(run, fmt.Sprintf("%.1f,%.1f", x(i), y(p.frac)))
	}
	flush()
	for i, p := range pts {
		if p.ok {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s</title></circle>`, x(i), y(p.frac), color, html.EscapeString(p.text))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}
