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

// The subject says "all marked no answer needed" only when every one of
// the week's customer mails was marked: one answered by mail keepwarm did
// not see was not. One mail is "1 customer email".
func TestSummarySubjectSaysAllMarkedOnlyWhenEveryOneWas(t *testing.T) {
	for _, tc := range []struct {
		total      ReplyFigures
		want, lack string
	}{
		{ReplyFigures{NoAnswerNeeded: 2, AnsweredUnseen: 1}, ": 3 customer emails: 2 marked no answer needed, 1 answered (time unknown)", "all marked"},
		{ReplyFigures{NoAnswerNeeded: 1}, ": 1 customer email, all marked no answer needed", "emails"},
		{ReplyFigures{NoAnswerNeeded: 3}, ": 3 customer emails, all marked no answer needed", ""},
		{ReplyFigures{AnsweredUnseen: 1}, ": 1 customer email, answered (time unknown)", "marked"},
		{ReplyFigures{AnsweredUnseen: 2}, ": 2 customer emails, all answered (time unknown)", "marked"},
		{ReplyFigures{Count: 1, AnsweredUnseen: 1}, ": 1 customer email", "emails"},
	} {
		var sum Summary
		sum.Replies.Total = tc.total
		subj := sum.Subject()
		if !strings.HasSuffix(subj, tc.want) || tc.lack != "" && strings.Contains(subj, tc.lack) {
			t.Errorf("%+v: subject %q, want it to end %q (and lack %q)", tc.total, subj, tc.want, tc.lack)
		}
	}
}
