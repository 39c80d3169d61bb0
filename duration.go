package keepwarm

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DurationHint is how every duration keepwarm reads may be written.
const DurationHint = `write e.g. "5s", "10m", "36h", "3d" or "2w"`

// ParseDuration reads a length of time the one way keepwarm reads all of
// them (config, sequence files, --since): a Go duration ("90s", "10m",
// "36h", "1h30m"), whole weeks and days ("2w", "3d"), or both ("1w2d",
// "1d12h"). Negative lengths are refused. wholeDays is the number of days
// when it was written in weeks and days only, else 0: a delay of "3d"
// counts calendar days, "72h" hours.
func ParseDuration(s string) (d time.Duration, wholeDays int, err error) {
	s = strings.TrimSpace(s)
	m := weeksDays.FindStringSubmatch(s)
	if s == "" || m == nil || (m[1] == "" && m[2] == "" && m[3] == "") {
		return 0, 0, fmt.Errorf("%q is not a duration; %s", s, DurationHint)
	}
	days := 0
	if m[1] != "" {
		w, _ := strconv.Atoi(m[1])
		days += 7 * w
	}
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		days += n
	}
	d = time.Duration(days) * 24 * time.Hour
	if m[3] == "" {
		return d, days, nil
	}
	rest, err := time.ParseDuration(m[3])
	if err != nil || rest < 0 || strings.HasPrefix(m[3], "+") {
		return 0, 0, fmt.Errorf("%q is not a duration; %s", s, DurationHint)
	}
	if d+rest < d {
		return 0, 0, errors.New("duration too long")
	}
	return d + rest, 0, nil
}

// weeksDays splits "1w2d3h" into weeks, days and the Go duration after.
var weeksDays = regexp.MustCompile(`^(?:(\d{1,4})w)?(?:(\d{1,5})d)?(.*)$`)

// FormatDuration writes a duration as ParseDuration reads it, in whole
// weeks or days when it is one ("14d" rather than "336h0m0s").
func FormatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d > 0 && d%(7*day) == 0:
		return fmt.Sprintf("%dw", d/(7*day))
	case d > 0 && d%day == 0:
		return fmt.Sprintf("%dd", d/day)
	}
	return d.String()
}

// ShortWait writes a wait or a reply figure as 45s, 6m, 6m30s, 1h05m,
// 2d03h, down to the smallest unit that is not zero (1h00m59s, 2d00h30m,
// 2d00h00m30s), as the web report does in its own spelling
// (web.ShortDuration: "2d 0h 00m 30s", in hours below 48h): a p90 of
// 1h00m59s cut to 1h00m reads as a 1h target met, a breach of 10m40s cut
// to 10m as its 10m target. The
// replies report, the daily digest and the weekly summary all write
// figures with it.
func ShortWait(d time.Duration) string {
	s := max(int64(d/time.Second), 0)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600 && s%60 == 0:
		return fmt.Sprintf("%dm", s/60)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	var out string
	if s < 86400 {
		out = fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	} else {
		out = fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
		if s%3600 != 0 {
			out += fmt.Sprintf("%02dm", s%3600/60)
		}
	}
	if s%60 != 0 {
		out += fmt.Sprintf("%02ds", s%60)
	}
	return out
}
