package sequences

import "testing"

// A week whose customer mail was all marked "no answer needed" is not
// empty: its summary goes out and says so in its subject.
func TestSummaryAllMarkedIsNotEmpty(t *testing.T) {
	var sum Summary
	if !sum.Empty() {
		t.Fatal("a week with nothing at all is not empty")
	}
	sum.Replies.Total = ReplyFigures{Key: "total", NoAnswerNeeded: 3}
	if sum.Empty() {
		t.Errorf("a week of 3 customer mails all marked no answer needed is empty; its subject would be %q", sum.Subject())
	}
}
