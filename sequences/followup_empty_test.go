package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A resend whose body the manager cleared is not sent with only its
// subject: the follow-up fails with why, where the salesperson sees it.
func TestAStepWhoseMailRendersEmptyIsNotSent(t *testing.T) {
	w := newFUWorld(t, "A")
	cleared := []byte("subject: {{reply .Original.Subject}}\n--- text\n\n")
	set, err := templates.Load(templates.Defaults(), fstest.MapFS{
		"resend.tmpl": {Data: cleared}, "resend.de.tmpl": {Data: cleared},
	})
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxQueued {
			t.Fatalf("queued: %+v", it)
		}
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "empty") {
		t.Fatalf("enrollment %s: %q", e.Status, e.Reason)
	}
}
