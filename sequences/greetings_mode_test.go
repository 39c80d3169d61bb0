package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Bob's birthday greeting is queued in send mode and waits behind the gap
// between sends; meanwhile the manager sets [greetings] mode = "draft" and
// restarts. The queued greeting does not go as mail: it is planned again
// and filed in Lily's Drafts.
func TestAQueuedGreetingFollowsAMoreCarefulMode(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.startWith(nil)
	first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	if first.Mode != keepwarm.ModeSend {
		t.Fatalf("queued in %s", first.Mode)
	}
	r.cfg.Mode = keepwarm.ModeDraft
	r.startWith(nil)
	r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)

	if n := r.sentTo(usBuyer.email); n != 0 {
		t.Fatalf("%d mail(s) sent to Bob", n)
	}
	if n := len(mailtest.Raw(t, r.imap, lily, "Drafts")); n != 1 {
		t.Fatalf("%d draft(s) in Lily's Drafts, want the greeting", n)
	}
	var drafted bool
	for _, it := range r.outbox() {
		switch {
		case it.ID == first.ID:
			if it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "the greetings' mode is now draft") {
				t.Fatalf("the greeting queued in send mode: %s %q", it.Status, it.LastError)
			}
		case it.Key == first.Key:
			drafted = it.Mode == keepwarm.ModeDraft && it.Status == keepwarm.OutboxDrafted
		}
	}
	if !drafted {
		t.Fatalf("no draft queued again under %s: %+v", first.Key, r.outbox())
	}
}
