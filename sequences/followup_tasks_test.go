package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The buyer answers an hour after the call task fell due: the task is
// closed with who answered, the salesperson's list of calls no longer has
// it, and the follow-up ends as replied.
func TestTheCallTaskClosesWhenTheCustomerAnswers(t *testing.T) {
	for _, tc := range []struct{ name, text, status, outcome string }{
		{"answer", "Sorry, was at a fair, we'll order next week", string(keepwarm.EnrollReplied), "no call needed: hans@buyer.de answered on 2026-11-12"},
		{"opt-out", "Please unsubscribe me, we no longer buy panels", string(keepwarm.EnrollOptedOut), "no call: hans@buyer.de asked for no more mail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			for _, d := range []int{3, 7, 10} {
				w.run(day0.AddDate(0, 0, d))
				w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
			}
			if tasks, _ := w.db.ListTasks(ctx, false, "lily@seller.example"); len(tasks) != 1 {
				t.Fatalf("no call task: %+v", tasks)
			}
			a := w.msg("a-1@buyer.de", keepwarm.KindInbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 10).Add(time.Hour), "q-1@seller.example")
			a.Text, a.Snippet = tc.text, tc.text
			w.save("lily", "INBOX", a)
			w.run(day0.AddDate(0, 0, 10).Add(2 * time.Hour))
			if tasks, _ := w.db.ListTasks(ctx, false, "lily@seller.example"); len(tasks) != 0 {
				t.Fatalf("the call task stays open after the answer: %+v", tasks)
			}
			all, _ := w.db.ListTasks(ctx, true, "")
			if len(all) != 1 || !strings.HasPrefix(all[0].Outcome, tc.outcome) {
				t.Fatalf("task: %+v", all)
			}
			// No call happened: the reports of calls closed leave it out.
			if calls, _ := w.db.DoneTasks(ctx, day0, day0.AddDate(0, 1, 0)); len(calls) != 0 {
				t.Fatalf("counted as a call: %+v", calls)
			}
			if e := w.enrollment(); string(e.Status) != tc.status || e.StoppedBy == 0 {
				t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
			}
		})
	}
}

// A mail from the salesperson herself, or an out-of-office, does not
// close the call task.
func TestTheCallTaskStaysOpenWithoutAnAnswer(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 7, 10} {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	ooo := w.msg("ooo@buyer.de", keepwarm.KindAutoReply, "Out of office", day0.AddDate(0, 0, 10).Add(time.Hour))
	w.save("lily", "INBOX", ooo)
	w.run(day0.AddDate(0, 0, 10).Add(2 * time.Hour))
	if tasks, _ := w.db.ListTasks(ctx, false, "lily@seller.example"); len(tasks) != 1 {
		t.Fatalf("tasks: %+v", tasks)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollCompleted {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}
