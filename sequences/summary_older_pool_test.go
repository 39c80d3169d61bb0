package sequences

import (
	"strings"
	"testing"
	"time"
)

// The summary's mail still waiting from before names a pooled customer's
// mail, with nobody to answer it, "owner now (pool)", as the web report
// does, not as if its counted owner still had it; a mail still its
// owner's names nobody else.
func TestSummaryOlderNamesThePool(t *testing.T) {
	at := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	s := Summary{Since: at.AddDate(0, 0, -7), Until: at, Now: at, TimeZone: "UTC", loc: time.UTC, OlderWaitingCount: 2,
		OlderWaiting: []ReplyBreach{
			{MessageID: 7, Customer: "domain:hans.example", Subject: "pumps", Owner: "lily@team.example", ReceivedAt: at.AddDate(0, 0, -20), Seconds: 3600},
			{MessageID: 8, Customer: "domain:anna.example", Subject: "valves", Owner: "lily@team.example", AnswerOwner: "lily@team.example", ReceivedAt: at.AddDate(0, 0, -20), Seconds: 3600},
		}}
	sec := s.olderSection(time.UTC)
	if len(sec.Items) != 2 || !strings.Contains(sec.Items[0], "owner lily@team.example (owner now (pool))") {
		t.Errorf("the pooled customer's mail: %q", sec.Items)
	}
	if len(sec.Items) == 2 && strings.Contains(sec.Items[1], "owner now") {
		t.Errorf("a mail still its owner's: %q", sec.Items[1])
	}
}
