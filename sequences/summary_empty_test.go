package sequences

import (
	"strings"
	"testing"
)

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

// A week whose customer mail was all answered by mail keepwarm did not see
// (the customers replied to it) is not empty either: its summary says so.
func TestSummaryAllAnsweredUnseenIsNotEmpty(t *testing.T) {
	var sum Summary
	sum.Replies.Total = ReplyFigures{Key: "total", AnsweredUnseen: 2}
	if sum.Empty() {
		t.Error("a week of 2 customer mails answered by mail keepwarm did not see is empty")
	}
	if text := sum.Text(); !strings.Contains(text, "Answered, time unknown") {
		t.Errorf("the summary:\n%s", text)
	}
}
