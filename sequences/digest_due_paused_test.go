package sequences

import (
	"testing"
	"time"

	"keepwarm"
)

// A follow-up paused until a time before the next digest (a customer's
// out-of-office, a person's "pause until") goes then: the digest lists it
// at the later of its pause's end and its step's time, as the desk does. A
// pause with no end, or one that ends after the next digest, is not listed.
func TestDigestDueFollowUpsListsPausesEndingBeforeTheNext(t *testing.T) {
	now := time.Date(2026, 12, 16, 6, 30, 0, 0, time.UTC)
	until := now.Add(24 * time.Hour)
	enr := func(id int64, status keepwarm.EnrollmentStatus, due, paused time.Time) keepwarm.Enrollment {
		return keepwarm.Enrollment{ID: id, Status: status, Owner: "lily@team.example", Sequence: "export", Step: 1,
			Plan: []string{"first", "second"}, DueAt: due, PausedUntil: paused, Customer: "domain:meier.example"}
	}
	enrs := []keepwarm.Enrollment{
		enr(1, keepwarm.EnrollPaused, now.Add(-48*time.Hour), now.Add(3*time.Hour)),  // out-of-office: goes when it ends
		enr(2, keepwarm.EnrollPaused, now.Add(5*time.Hour), now.Add(time.Hour)),      // pause ends first: the step's time
		enr(3, keepwarm.EnrollPaused, now.Add(-48*time.Hour), time.Time{}),           // paused by a person, no end
		enr(4, keepwarm.EnrollPaused, now.Add(-48*time.Hour), now.Add(30*time.Hour)), // after the next digest
		enr(5, keepwarm.EnrollStopped, now.Add(-48*time.Hour), now.Add(time.Hour)),   // ended
		enr(6, keepwarm.EnrollActive, now.Add(2*time.Hour), time.Time{}),             // running
	}
	enrs[2].PausedByPerson = true
	got := dueFollowUps(enrs, "lily@team.example", until, nil)
	want := []struct {
		id int64
		at time.Time
	}{{6, now.Add(2 * time.Hour)}, {1, now.Add(3 * time.Hour)}, {2, now.Add(5 * time.Hour)}}
	if len(got) != len(want) {
		t.Fatalf("due follow-ups: %+v", got)
	}
	for i, w := range want {
		if got[i].Enrollment != w.id || !got[i].At.Equal(w.at) || got[i].Status != "due" {
			t.Errorf("due follow-up %d: got %+v, want enrollment %d at %s", i, got[i], w.id, w.at)
		}
	}
}
