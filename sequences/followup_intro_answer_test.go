package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The product introduction starts a thread of its own. The answer to it
// comes from purchasing@buyer.de, the shared address Hans answers from,
// after the call task was given: it is an answer to the sequence's own
// mail, as one in the quotation's thread would be. The follow-up is
// answered and the call task closed.
func TestAnAnswerToTheProductIntroFromAColleagueStopsTheFollowUp(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.run(day0.AddDate(0, 0, 7))
	var intro keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Step != nil && *it.Step == 1 {
			intro = it
		}
	}
	if intro.ID == 0 {
		t.Fatalf("no product introduction on day 7: %+v", w.outbox())
	}
	w.sendAll(day0.AddDate(0, 0, 7).Add(time.Minute))
	// Its Sent copy starts a thread of its own.
	sent := w.msg(intro.MessageID, keepwarm.KindOutbound, intro.Subject, day0.AddDate(0, 0, 7).Add(time.Minute))
	sent.Text = intro.Text
	w.save("lily", "Sent", sent)
	if m, err := w.db.GetMessage(ctx, 2); err != nil || m.Key != intro.MessageID || m.ThreadID == w.enrollment().ThreadID {
		t.Fatalf("the introduction's copy is not in a thread of its own: %+v %v", m, err)
	}
	w.run(day0.AddDate(0, 0, 10))
	tasks, err := w.db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("call task on day 10: %+v %v", tasks, err)
	}
	answer := w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: "+intro.Subject, day0.AddDate(0, 0, 11), intro.MessageID)
	answer.From = keepwarm.Address{Name: "Einkauf Meier", Email: "purchasing@buyer.de"}
	answer.Text = "Dear Lily, please send us the datasheet of the 4000K panel. Regards, Hans"
	w.save("lily", "INBOX", answer)
	w.run(day0.AddDate(0, 0, 11).Add(time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollReplied || !strings.Contains(e.Reason, "purchasing@buyer.de") {
		t.Fatalf("the answer to the introduction did not end the follow-up: %s %q", e.Status, e.Reason)
	}
	open, err := w.db.ListTasks(ctx, false, "")
	if err != nil || len(open) != 0 {
		t.Fatalf("the call task stays open after the answer: %+v %v", open, err)
	}
}
