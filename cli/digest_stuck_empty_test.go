package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestDigestSendSendsTheDaysStuckDigestWhenTodayIsEmpty: Lily's Tuesday
// digest, with a call to make, was queued at 08:31 and not sent ([notify]
// could not send). By 11:00 she has made the call, so a digest built now
// would be empty. `digest --send`, run once [notify] is fixed, sends the
// morning's digest and says so, not "nothing to send".
func TestDigestSendSendsTheDaysStuckDigestWhenTodayIsEmpty(t *testing.T) {
	r := newDigestRig(t, "")
	tue := t0.Add(24*time.Hour - 29*time.Minute) // Tuesday 08:31 in Shanghai
	r.save("team", inboundFrom("hello@globex.de", "hans@globex.de", "Hello", t0.Add(-40*24*time.Hour)))
	_, err := r.m.db.AddTask(r.ctx, keepwarm.Task{Key: "call:hans", CustomerID: r.customer("domain:globex.de"), Owner: "lily@acme-export.com",
		Title: "Phone Hans Meier", DueAt: tue, CreatedAt: t0})
	r.must(err)
	r.clock.Set(tue)
	// The job queues the digest; nothing dispatches it.
	r.must(sequences.NewEngine(r.clock, r.m.log, r.m.app.NewDigests(nil, nil)).Tick(r.ctx))
	if got := r.digests(); len(got) != 1 || got[0].Status != keepwarm.OutboxQueued || !strings.Contains(got[0].Key, "lily") {
		t.Fatalf("Tuesday's digest is not queued: %+v", got)
	}
	tasks, err := r.m.db.ListTasks(r.ctx, false, "lily@acme-export.com")
	r.must(err)
	if len(tasks) != 1 {
		t.Fatalf("open tasks: %+v", tasks)
	}
	r.must(r.m.db.DoneTask(r.ctx, tasks[0].ID, tue.Add(time.Hour), "", ""))
	out := newCLI(t, r.path, r.env).mustRun("--now", tue.Add(150*time.Minute).Format(time.RFC3339), "digest", "--salesperson", "lily@acme-export.com", "--send")
	if !strings.Contains(out, "digest for lily@acme-export.com (2026-11-03): queued today at 08:31 and not sent yet: sending it now") {
		t.Errorf("digest --send with the day's digest stuck and today's empty:\n%s", out)
	}
	if got := r.digests(); len(got) != 1 || got[0].Status != keepwarm.OutboxSent {
		t.Errorf("the day's digest is not sent: %+v", got)
	}
}
