package web

import (
	"strings"
	"testing"
	"time"
)

// The weekly trend writes its share rounded down and its median to the
// second, as the replies table beside it does: a week at 79.6% within
// target is 79% in the table, the CSV and the chart's point, never 80%.
func TestTrendWritesTheShareRoundedDownAndTheSeconds(t *testing.T) {
	start := time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)
	trend := []TrendWeek{{Start: start, Count: 49, Within: 39, Breaches: 10, Median: 10*time.Minute + 59*time.Second, HasMedian: true,
		Share: 39.0 / 49, HasShare: true}}

	_, rows := trendTable(trend)
	if got := rows[0][4] + " " + rows[0][5]; got != "10m 59s 79%" {
		t.Errorf("trend table's median and share = %q, want 10m 59s 79%%", got)
	}
	_, csvRows := trendCSV(trend)
	if got := csvRows[0][5]; got != "79" {
		t.Errorf("trend CSV's share within (%%) = %q, want 79", got)
	}
	median, share := trendCharts(trend, Lang{Code: "en"})
	if !strings.Contains(string(share), "79%") || strings.Contains(string(share), "80%") {
		t.Errorf("share chart: want its point labelled 79%%, and no 80%%:\n%s", share)
	}
	if !strings.Contains(string(median), "10m 59s") {
		t.Errorf("median chart: want its point labelled 10m 59s:\n%s", median)
	}
}
