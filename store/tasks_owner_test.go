package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// A customer's open call tasks go with it: handed to Tom they are his, put
// back in the pool they are nobody's, claimed by Grace they are hers. A
// task already done keeps who did it.
func TestOpenTasksFollowTheCustomersOwner(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(msg("t-1@acme.com"), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "t-1@acme.com")
	lily, tom, grace := "lily@team.example", "tom@team.example", "grace@team.example"
	set := func(owner string) {
		t.Helper()
		if err := db.SetCustomer(ctx, id, CustomerChange{Owner: &owner}, t0, "manager"); err != nil {
			t.Fatal(err)
		}
	}
	set(lily)
	for i, key := range []string{"seq:1:2", "seq:2:2"} {
		if _, err := db.AddTask(ctx, keepwarm.Task{Key: key, CustomerID: id, Owner: lily, Title: "Phone the customer",
			DueAt: t0.Add(time.Duration(i) * time.Hour), CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	tasks, err := db.ListTasks(ctx, true, lily)
	if err != nil || len(tasks) != 2 {
		t.Fatalf("Lily's tasks: %v %v", tasks, err)
	}
	if err := db.DoneTask(ctx, tasks[0].ID, t0.Add(time.Hour), "", ""); err != nil {
		t.Fatal(err)
	}
	owners := func() (done, open string) {
		t.Helper()
		all, err := db.ListTasks(ctx, true, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range all {
			if tk.DoneAt.IsZero() {
				open = tk.Owner
			} else {
				done = tk.Owner
			}
		}
		return done, open
	}
	set(tom)
	if done, open := owners(); done != lily || open != tom {
		t.Fatalf("handed to Tom: done task %q, open task %q", done, open)
	}
	set("")
	if done, open := owners(); done != lily || open != "" {
		t.Fatalf("back in the pool: done task %q, open task %q", done, open)
	}
	if err := db.ClaimCustomer(ctx, id, grace, t0.Add(2*time.Hour), book.DefaultRules()); err != nil {
		t.Fatal(err)
	}
	if done, open := owners(); done != lily || open != grace {
		t.Fatalf("claimed by Grace: done task %q, open task %q", done, open)
	}
}

// A call closed with a reason keeps it; the customer's notes say it in
// words; DoneTasks lists the calls closed in a window; a reason that is not
// one of the rules' is refused and the task stays open.
func TestDoneTaskKeepsWhyTheCustomerWentQuiet(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(msg("q-1@acme.com"), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "q-1@acme.com")
	var ids []int64
	for i := range 3 {
		if _, err := db.AddTask(ctx, keepwarm.Task{Key: "seq:9:" + string(rune('a'+i)), CustomerID: id, Owner: "lily@team.example",
			Title: "Phone the customer", DueAt: t0, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.ListTasks(ctx, true, "")
	if err != nil || len(all) != 3 {
		t.Fatalf("tasks: %v %v", all, err)
	}
	for _, tk := range all {
		ids = append(ids, tk.ID)
	}
	err = db.DoneTask(ctx, ids[0], t0.Add(time.Hour), "", "busy")
	if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("an unknown reason: %v", err)
	}
	if err := db.DoneTask(ctx, ids[0], t0.Add(time.Hour), " decides  in March ", keepwarm.QuietComparing); err != nil {
		t.Fatal(err)
	}
	if err := db.DoneTask(ctx, ids[1], t0.Add(48*time.Hour), "", " Waiting"); err != nil { // as typed: stored as the key
		t.Fatal(err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Notes, "call: comparing suppliers: decides in March") ||
		!strings.Contains(c.Notes, "call: on holiday or waiting for their boss or end customer") {
		t.Fatalf("notes: %q", c.Notes)
	}
	done, err := db.DoneTasks(ctx, t0, t0.Add(24*time.Hour))
	if err != nil || len(done) != 1 || done[0].ID != ids[0] || done[0].Reason != keepwarm.QuietComparing || done[0].Outcome != "decides in March" {
		t.Fatalf("done in the first day: %+v %v", done, err)
	}
	if done, _ := db.DoneTasks(ctx, t0, t0.Add(72*time.Hour)); len(done) != 2 || done[1].Reason != keepwarm.QuietWaiting {
		t.Fatalf("done in three days: %+v", done)
	}
}

// Done on a task closed meanwhile (by an answer, or by someone else) is
// ECONFLICT, saying when, and keeps the task as it was closed; the note
// given still goes into the customer's notes, and says so. One given
// nothing adds nothing; an unknown task is ENOTFOUND.
func TestDoneTaskOnAClosedTaskKeepsTheNote(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(msg("c-1@acme.com"), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "c-1@acme.com")
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "seq:7:2", CustomerID: id, Owner: "lily@team.example", Title: "Phone", DueAt: t0, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	tasks, err := db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("tasks: %v %v", tasks, err)
	}
	task := tasks[0].ID
	if err := db.TaskAnswered(ctx, task, t0.Add(time.Hour), "no call needed: bob@acme.com answered", 1); err != nil {
		t.Fatal(err)
	}
	err = db.DoneTask(ctx, task, t0.Add(2*time.Hour), "decides in March", keepwarm.QuietComparing)
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "was closed already at 2026-") ||
		!strings.Contains(err.Error(), "the note is kept in the customer's notes") {
		t.Fatalf("Done on an answered task: %v", err)
	}
	err = db.DoneTask(ctx, task, t0.Add(2*time.Hour), "", "")
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || strings.Contains(err.Error(), "note") {
		t.Fatalf("Done with nothing on an answered task: %v", err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(c.Notes, "call: comparing suppliers: decides in March") != 1 || strings.Count(c.Notes, "call:") != 1 {
		t.Fatalf("notes: %q", c.Notes)
	}
	got, err := db.Task(ctx, task)
	if err != nil || got.AnsweredBy != 1 || got.Reason != "" || got.Outcome != "no call needed: bob@acme.com answered" || !got.DoneAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("the answered task: %+v %v", got, err)
	}
	if err := db.DoneTask(ctx, task+100, t0, "x", ""); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("Done on no task: %v", err)
	}
}

// A note is dated with the day of the time the caller gives, in its zone
// (the team's): a call closed at 07:00 in Shanghai is that day's, though
// it is still the day before in UTC; so is a note set by hand.
func TestNotesAreDatedInTheCallersZone(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(msg("z-1@acme.com"), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "z-1@acme.com")
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "seq:8:1", CustomerID: id, Owner: "lily@team.example", Title: "Phone", DueAt: t0, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	tasks, err := db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("tasks: %v %v", tasks, err)
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	morning := time.Date(2026, 12, 3, 7, 0, 0, 0, shanghai) // 2026-12-02 23:00 UTC
	if err := db.DoneTask(ctx, tasks[0].ID, morning, "", keepwarm.QuietPending); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCustomer(ctx, id, CustomerChange{Note: "samples sent"}, morning.Add(time.Minute), "lily@team.example"); err != nil {
		t.Fatal(err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Notes, "2026-12-03 call: project still pending") || !strings.Contains(c.Notes, "2026-12-03 samples sent") {
		t.Fatalf("notes: %q", c.Notes)
	}
}
