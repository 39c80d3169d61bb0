package cli

import (
	"strings"
	"testing"
	"time"
)

// TestDigestSendAfterAnEmptyDaySaysNothingWasSent: Lily's digest at 08:30
// had nothing to report and was not sent. At 11:00 a customer has written;
// `digest --send` does not claim the day's digest was "already sent": it
// says nothing was, and why no second one goes.
func TestDigestSendAfterAnEmptyDaySaysNothingWasSent(t *testing.T) {
	r := newDigestRig(t, "")
	tue := t0.Add(24*time.Hour - 29*time.Minute) // Tuesday 08:31 in Shanghai
	r.tickAt(tue, r.m.app.NewDigests(nil, nil))
	if len(r.emptyDays()) != 2 { // Lily's and Tom's
		t.Fatalf("the empty day is not recorded: %+v", r.emptyDays())
	}
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Price please", tue.Add(2*time.Hour)))
	c := newCLI(t, r.path, r.env)
	out := c.mustRun("--now", tue.Add(150*time.Minute).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com", "--send")
	if strings.Contains(out, "already sent") || !strings.Contains(out, "nothing was sent today: the digest at 08:31 had nothing to report") {
		t.Errorf("digest --send after an empty day:\n%s", out)
	}
}
