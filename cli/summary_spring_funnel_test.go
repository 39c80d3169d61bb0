package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The weekly summary of the week the clocks go forward: its "Follow-up
// sequences" line ends on the last day it counts (Sunday 29 March in
// Berlin, Sunday 8 March in New York), as the subject does, not a day
// early; a thread enrolled that Sunday evening is in it.
func TestWeeklySummaryFunnelEndsOnItsLastDayInTheSpringWeek(t *testing.T) {
	for _, tc := range []struct {
		zone     string
		monday   [3]int
		from, to string
	}{
		{"Europe/Berlin", [3]int{2026, 3, 30}, "2 Mar", "29 Mar"},
		{"America/New_York", [3]int{2026, 3, 9}, "9 Feb", "8 Mar"},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			r := newDigestRig(t, "", func(s string) string {
				return strings.Replace(s, `time_zone = "Asia/Shanghai"`, `time_zone = "`+tc.zone+`"`, 1)
			})
			ctx, db := r.ctx, r.m.db
			loc, err := time.LoadLocation(tc.zone)
			r.must(err)
			monday := time.Date(tc.monday[0], time.Month(tc.monday[1]), tc.monday[2], 8, 30, 0, 0, loc)
			sunday := time.Date(tc.monday[0], time.Month(tc.monday[1]), tc.monday[2]-1, 21, 0, 0, 0, loc)
			inq := r.save("lily", inboundFrom("spring@globex.de", "hans@globex.de", "Spring inquiry", sunday.Add(-time.Hour)))
			msg, err := db.GetMessage(ctx, inq)
			r.must(err)
			_, err = db.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: r.customer("domain:globex.de"), Sequence: "key-customer",
				Status: keepwarm.EnrollActive, AnchorID: inq, AnchorAt: sunday, ClockAt: sunday, DueAt: sunday.AddDate(0, 0, 3),
				Mailbox: "lily", Owner: "lily@acme-export.com", To: []keepwarm.Address{{Email: "hans@globex.de"}}, CreatedAt: sunday, UpdatedAt: sunday})
			r.must(err)

			sum, err := r.m.app.NewSummaries(nil).Build(ctx, monday)
			r.must(err)
			text := sum.Text()
			if sum.Funnel.Total.Enrolled != 1 || !strings.Contains(sum.Subject(), "to "+tc.to+" ") ||
				!strings.Contains(text, "Threads enrolled "+tc.from+" to "+tc.to+" and what became of them.") {
				t.Errorf("%d enrolled, subject %q, want the funnel from %s to %s:\n%s", sum.Funnel.Total.Enrolled, sum.Subject(), tc.from, tc.to, text)
			}
		})
	}
}
