package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestSummaryWeekPrintsTheWeekOfTheMail: the manager reads Monday's summary
// on Wednesday and runs the command its Backups section names: `keepwarm
// summary --week 2026-W46` prints the week the mail covered, not the 7
// days before Wednesday; a week whose summary is still ahead, or a
// malformed one, is refused with why.
func TestSummaryWeekPrintsTheWeekOfTheMail(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	sh, _ := time.LoadLocation("Asia/Shanghai")
	mon := time.Date(2026, 11, 9, 8, 31, 0, 0, sh)
	mail, err := r.m.app.NewSummaries(nil).Latest(r.ctx, mon)
	r.must(err)
	if mail.Week != "2026-W46" {
		t.Fatalf("Monday's summary is of week %s", mail.Week)
	}
	wed := mon.Add(50 * time.Hour).Format(time.RFC3339)
	c := newCLI(t, r.path, r.env)
	var got, today struct {
		Week         string
		Since, Until time.Time
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", wed, "summary", "--week", "2026-W46", "--format", "json")), &got))
	if got.Week != mail.Week || !got.Since.Equal(mail.Since) || !got.Until.Equal(mail.Until) {
		t.Errorf("summary --week 2026-W46 on Wednesday: %+v, want the mail's %s to %s", got, mail.Since, mail.Until)
	}
	r.must(json.Unmarshal([]byte(c.mustRun("--now", wed, "summary", "--format", "json")), &today))
	if today.Since.Equal(mail.Since) {
		t.Errorf("without --week the summary is the mail's week too: the test shows nothing")
	}
	for week, want := range map[string]string{"2026-W47": "still ahead", "2026-46": "write it as an ISO week", "2026-W54": "write it as an ISO week",
		"2027-W53": "2027 has no week 53"} {
		code, _, stderr := c.run(context.Background(), "--now", wed, "summary", "--week", week)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("summary --week %s: exit %d, %s", week, code, stderr)
		}
	}
}
