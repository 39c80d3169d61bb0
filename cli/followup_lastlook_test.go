package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// The resend waits for a retry after a 451 when Lily lets the customer go
// back to the pool: it is not sent in her name, and the follow-up stops
// with the reason.
func TestAReleaseBeforeTheSendStopsTheResend(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	r.smtp.FailNextData(1, 451)
	r.tick(day(3))
	if lines := r.outbox(); r.delivered() != 0 || len(lines) != 1 || lines[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("after the 451: %d delivered, %+v", r.delivered(), lines)
	}
	r.must(day(3).Add(time.Minute), "customers", "release", hans)
	r.tick(day(3).Add(2 * time.Minute))
	r.tick(day(3).Add(3 * time.Minute))
	if r.delivered() != 0 {
		t.Fatalf("sent after the release: %+v", r.smtp.Messages())
	}
	lines := r.outbox()
	if len(lines) != 1 || lines[0].Status != keepwarm.OutboxSkipped || !strings.Contains(lines[0].LastError, "went back to the pool") {
		t.Fatalf("outbox after the release: %+v", lines)
	}
	if e := r.enrollments()[0]; e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "went back to the pool on 2026-11-05") {
		t.Fatalf("the enrollment: %s %q", e.Status, e.Reason)
	}
}
