package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Done pressed twice with the same note (a double click, Back and send
// again) keeps the note once in the customer's notes: the second press
// finds the task closed with that very note.
func TestDoneTwiceKeepsTheNoteOnce(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(msg("d-1@acme.com"), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "d-1@acme.com")
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "seq:9:1", CustomerID: id, Owner: "lily@team.example", Title: "Phone", DueAt: t0, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	tasks, err := db.ListTasks(ctx, false, "")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("tasks: %v %v", tasks, err)
	}
	task := tasks[0].ID
	if err := db.DoneTask(ctx, task, t0.Add(time.Hour), "decides in March", keepwarm.QuietComparing); err != nil {
		t.Fatal(err)
	}
	err = db.DoneTask(ctx, task, t0.Add(time.Hour+2*time.Second), " decides  in March", keepwarm.QuietComparing)
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("Done again: %v", err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(c.Notes, "call: comparing suppliers: decides in March"); n != 1 {
		t.Fatalf("the note is in the customer's notes %d times: %q", n, c.Notes)
	}
}
