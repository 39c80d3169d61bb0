package sequences_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// brokenEventsStore cannot read the events of one enrollment, as when a
// row it points to went away.
type brokenEventsStore struct {
	*store.DB
	broken int64
}

func (s *brokenEventsStore) EnrollmentEvents(ctx context.Context, e keepwarm.Enrollment, onCompany bool) ([]keepwarm.FollowUpEvent, error) {
	if e.ID == s.broken {
		return nil, keepwarm.Errorf(keepwarm.ENOTFOUND, "message of enrollment %d not found", e.ID)
	}
	return s.DB.EnrollmentEvents(ctx, e, onCompany)
}

// A failed follow-up waits for a person; the runs that look whether its
// customer answered since neither act on nor log a regrade it never
// follows, and one that cannot be read is logged, not the job's failure.
func TestAFailedFollowUpStaysQuiet(t *testing.T) {
	t.Run("regraded", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.failResend()
		w.regrade("E", day0.AddDate(0, 0, 4))
		var logs bytes.Buffer
		w.job = sequences.NewFollowUp(w.cfg, w.st, slog.New(slog.NewTextHandler(&logs, nil)))
		for i := 1; i <= 3; i++ {
			w.run(day0.AddDate(0, 0, 4).Add(time.Duration(i) * time.Hour))
		}
		if strings.Contains(logs.String(), "follow-up stopped") || strings.Contains(logs.String(), "follow-up switched") {
			t.Fatalf("logged an action on a failed follow-up:\n%s", logs.String())
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollFailed {
			t.Fatalf("the failed follow-up: %s (%s)", e.Status, e.Reason)
		}
	})
	t.Run("unreadable", func(t *testing.T) {
		bs := &brokenEventsStore{broken: -1}
		w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { bs.DB = db; return bs })
		w.run(day0.Add(time.Minute))
		w.failResend()
		bs.broken = w.enrollment().ID
		var logs bytes.Buffer
		w.job = sequences.NewFollowUp(w.cfg, w.st, slog.New(slog.NewTextHandler(&logs, nil)))
		if _, err := w.job.Run(context.Background(), day0.AddDate(0, 0, 4)); err != nil {
			t.Fatalf("one failed follow-up that cannot be read fails the job: %v", err)
		}
		if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "not found") {
			t.Fatalf("not logged:\n%s", logs.String())
		}
	})
}
