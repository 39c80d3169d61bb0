package store

import (
	"database/sql/driver"
	"testing"
	"time"

	"keepwarm"
)

// A first measurement writes some 50,000 clocks: their arguments go into
// the statement's one slice, without a slice of each clock's own, and the
// values every clock shares (now) or writes twice (its owner) are boxed
// once.
func TestClockArgsAllocations(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := keepwarm.ReplyClock{MessageID: 90001, ThreadID: 40001, CustomerID: 3001, Mailbox: "lily", ReceivedAt: at,
		StartedAt: at, RepliedAt: at.Add(2 * time.Hour), ReplyID: 90002, RepliedBy: "lily@acme-export.com",
		Target: 24 * time.Hour, Owner: "lily@acme-export.com", Grade: "A"}
	now := driver.Value(at.Add(time.Hour).Unix())
	args := make([]driver.Value, 0, upsertRows*clockCols)
	got := appendClockArgs(args, &c, now)
	if len(got) != clockCols {
		t.Fatalf("%d arguments, want %d", len(got), clockCols)
	}
	if got[14] != got[19] || got[14] != any(c.Owner) || got[15] != now {
		t.Errorf("owner %v and %v, now %v: want %q twice and %v", got[14], got[19], got[15], c.Owner, now)
	}
	// Boxed: the ids, the times and figures (no small integers), the
	// mailbox, the replier and the owner once, the grade.
	allocs := testing.AllocsPerRun(100, func() { args = appendClockArgs(args[:0], &c, now) })
	if allocs > 13 {
		t.Errorf("%v allocations a clock, want at most 13", allocs)
	}
}
