package sequences

import (
	"testing"
	"time"

	"keepwarm"
)

// A follow-up whose call reached the customer (its task closed with why
// they went quiet) is answered by phone, not an answer to the mails: the
// funnel counts it apart, leaves it out of "answered after N steps" and
// its answer rate is of the answers by mail.
func TestFunnelCountsAnswersByPhoneApart(t *testing.T) {
	since := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var enrs []keepwarm.Enrollment
	add := func(st keepwarm.EnrollmentStatus, step int, reason string) {
		at := since.Add(time.Duration(len(enrs)+1) * time.Hour)
		enrs = append(enrs, keepwarm.Enrollment{ID: int64(len(enrs) + 1), ThreadID: int64(len(enrs) + 1), Sequence: "quote",
			Status: st, Step: step, Reason: reason, CreatedAt: at, UpdatedAt: at})
	}
	for i := range 3 {
		add(keepwarm.EnrollReplied, 2, answeredByPhoneReason+"comparing suppliers (call task "+string(rune('3'+i))+" of lily@team.example, closed 2026-11-20)")
	}
	add(keepwarm.EnrollReplied, 1, "")
	add(keepwarm.EnrollCompleted, 3, "every step done")
	f := BuildFunnel(enrs, nil, since, since.AddDate(0, 0, 7)).Total
	if f.Enrolled != 5 || f.Answered != 1 || f.AnsweredByPhone != 3 || f.NoAnswer != 1 {
		t.Fatalf("funnel %+v; want 1 answered by mail, 3 by phone, 1 no answer", f)
	}
	if len(f.AnsweredAfter) != 1 || f.AnsweredAfter[0] != (FunnelStep{StepsDone: 1, Count: 1}) {
		t.Fatalf("answered after %+v; want the mail's answer after step 1 alone", f.AnsweredAfter)
	}
	if f.AnswerRate == nil || *f.AnswerRate != 0.2 {
		t.Fatalf("answer rate %v; want 1 answered by mail of 5 outcomes", f.AnswerRate)
	}

	s := Summary{Since: since, Until: since.AddDate(0, 0, 7), TimeZone: "UTC", Funnel: BuildFunnel(enrs, nil, since, since.AddDate(0, 0, 7))}
	for _, sec := range s.sections() {
		if sec.Title != "Follow-up sequences" {
			continue
		}
		head, row := sec.Table[0], sec.Table[1]
		if head[2] != "Answered" || row[2] != "1" || head[3] != "By phone" || row[3] != "3" {
			t.Fatalf("summary funnel %v / %v", head, row)
		}
		return
	}
	t.Fatal("no funnel in the summary")
}
