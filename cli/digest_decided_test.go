package cli

import (
	"strings"
	"testing"
	"time"
)

// TestDigestSendAfterAnEmptyDaySaysNothingWasSent: Lily's digest at 08:30
// had nothing to report and was not sent. At 11:00, still with nothing,
// `digest --send` does not claim the day's digest was "already sent": it
// says nothing was, and why.
func TestDigestSendAfterAnEmptyDaySaysNothingWasSent(t *testing.T) {
	r := newDigestRig(t, "")
	tue := t0.Add(24*time.Hour - 29*time.Minute) // Tuesday 08:31 in Shanghai
	r.tickAt(tue, r.m.app.NewDigests(nil, nil))
	if len(r.emptyDays()) != 2 { // Lily's and Tom's
		t.Fatalf("the empty day is not recorded: %+v", r.emptyDays())
	}
	c := newCLI(t, r.path, r.env)
	out := c.mustRun("--now", tue.Add(150*time.Minute).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com", "--send")
	if strings.Contains(out, "already sent") || strings.Contains(out, "queued") || !strings.Contains(out, "every section is empty, nothing to send") {
		t.Errorf("digest --send after an empty day, still empty:\n%s", out)
	}
}

// TestDigestSendByHandAfterAnEmptyDayWithNews: Lily's digest at 08:30 had
// nothing to report and was not sent. At 11:00 a customer has written; she
// asks for her digest with `digest --send` and gets it, in place of the
// record that the day was empty; a second --send does not send another.
func TestDigestSendByHandAfterAnEmptyDayWithNews(t *testing.T) {
	r := newDigestRig(t, "")
	tue := t0.Add(24*time.Hour - 29*time.Minute) // Tuesday 08:31 in Shanghai
	r.tickAt(tue, r.m.app.NewDigests(nil, nil))
	if len(r.emptyDays()) != 2 { // Lily's and Tom's
		t.Fatalf("the empty day is not recorded: %+v", r.emptyDays())
	}
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Price please", tue.Add(2*time.Hour)))
	c := newCLI(t, r.path, r.env)
	out := c.mustRun("--now", tue.Add(150*time.Minute).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com", "--send")
	if !strings.Contains(out, "digest for lily@acme-export.com (2026-11-03): queued") {
		t.Errorf("digest --send after an empty day with news:\n%s", out)
	}
	if len(r.emptyDays()) != 1 { // Tom's
		t.Errorf("Lily's empty day is still recorded: %+v", r.emptyDays())
	}
	out = c.mustRun("--now", tue.Add(160*time.Minute).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com", "--send")
	if strings.Contains(out, "): queued") {
		t.Errorf("digest --send again:\n%s", out)
	}
}
