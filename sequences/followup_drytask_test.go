package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// In a dry-run trial no mail reaches the buyer, so no salesperson is told
// to phone about mails that never went: the call step is recorded on the
// follow-up, and no task is given.
func TestADryRunGivesNoCallTask(t *testing.T) {
	w := newFUWorld(t, "A")
	w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = keepwarm.ModeDryRun })
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 7, 10, 11} {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute)) // the dispatcher's part
	}
	if tasks, _ := w.db.ListTasks(context.Background(), true, ""); len(tasks) != 0 {
		t.Fatalf("a dry-run gave tasks: %+v", tasks)
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollCompleted || !strings.Contains(e.Reason, "dry-run: step 3's task was not given to lily@seller.example") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}
