package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// callThenMail is a manager's sequence that goes on after the call: the
// resend at +3d, the call at +1d, a last mail at +3d.
const callThenMail = `name = "key-customer"
grades = ["A", "B"]
mode = "send"

[window]
start = "09:00"
end = "17:00"

[[step]]
after = "3d"
days = "calendar"
action = "email"
template = "resend"
in_thread = true

[[step]]
after = "1d"
days = "calendar"
action = "task"
task = "Phone the customer"

[[step]]
after = "3d"
days = "calendar"
action = "email"
template = "resend"
in_thread = true
`

// Lily phones Hans on the call task's day: he got the quotation, the
// project waits until March. She closes the task saying so, and the
// follow-up ends as answered by phone: no mail after it asks him whether
// he received hers. A call that did not reach him (the mail never reached
// them, or nothing said) lets the follow-up go on.
func TestACallThatReachedTheCustomerEndsTheFollowUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reason  keepwarm.QuietReason
		outcome string
		ends    bool
	}{
		{"pending", keepwarm.QuietPending, "decides in March", true},
		{"not received", keepwarm.QuietNotReceived, "sends the address again", false},
		{"nothing said", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(callThenMail), 0o600); err != nil {
				t.Fatal(err)
			}
			w := newFUWorldWith(t, "A", dir)
			w.run(day0.Add(time.Minute))
			w.run(day0.AddDate(0, 0, 3))
			w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
			w.run(day0.AddDate(0, 0, 4))
			tasks, err := w.db.ListTasks(ctx, false, "")
			if err != nil || len(tasks) != 1 {
				t.Fatalf("call task: %+v %v", tasks, err)
			}
			if err := w.db.DoneTask(ctx, tasks[0].ID, day0.AddDate(0, 0, 4).Add(3*time.Hour), tc.outcome, tc.reason); err != nil {
				t.Fatal(err)
			}
			for d := 5; d <= 9; d++ {
				w.run(day0.AddDate(0, 0, d))
			}
			last := 0
			for _, it := range w.outbox() {
				if it.Step != nil && *it.Step == 2 {
					last++
				}
			}
			e := w.enrollment()
			if !tc.ends {
				if last != 1 {
					t.Fatalf("the last mail after a call that did not reach him: %d item(s); %s (%s)", last, e.Status, e.Reason)
				}
				return
			}
			if e.Status != keepwarm.EnrollReplied || !strings.HasPrefix(e.Reason, "answered by phone: ") || !strings.Contains(e.Reason, "decides in March") || last != 0 {
				t.Fatalf("after the call: %s (%s), %d last mail(s)", e.Status, e.Reason, last)
			}
		})
	}
}

// The call task answers the mail it was made for. Lily phones Hans, he
// asks for the price of 500 pieces, and she mails it in the thread with a
// question before closing the task the next morning: that new mail is
// followed up on its own days, not ended as answered by phone.
func TestACallClosedAfterANewMailLeavesTheNewMailFollowedUp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(callThenMail), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.run(day0.AddDate(0, 0, 4))
	tasks, err := w.db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("call task: %+v %v", tasks, err)
	}
	newMail := day0.AddDate(0, 0, 4).Add(2 * time.Hour)
	b := w.msg("q-2@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", newMail, "q-1@seller.example")
	b.Snippet = "Here is the price for 500 pcs. Shall I reserve production capacity for you?"
	w.save("lily", "Sent", b)
	w.run(newMail.Add(time.Minute))
	if e := w.enrollment(); !e.AnchorAt.Equal(newMail) {
		t.Fatalf("the new mail is not followed up: anchor %v, %s (%s)", e.AnchorAt, e.Status, e.Reason)
	}
	if err := w.db.DoneTask(ctx, tasks[0].ID, newMail.Add(20*time.Hour), "decides in March", keepwarm.QuietPending); err != nil {
		t.Fatal(err)
	}
	w.run(newMail.Add(21 * time.Hour))
	e := w.enrollment()
	if !e.Status.Live() || !e.AnchorAt.Equal(newMail) || e.DueAt.IsZero() || strings.HasPrefix(e.Reason, "answered by phone") {
		t.Fatalf("after the call closed: %s (%s), anchor %v, due %v", e.Status, e.Reason, e.AnchorAt, e.DueAt)
	}
	for d := 5; d <= 9; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	last := 0
	for _, it := range w.outbox() {
		if it.Step != nil && *it.Step == 2 {
			last++
		}
	}
	if last != 1 {
		t.Fatalf("the new mail's follow-up: %d item(s); %s (%s)", last, w.enrollment().Status, w.enrollment().Reason)
	}
}
