package store

import (
	"testing"
	"time"

	"keepwarm"
)

// A message whose References reach the thread it merges away through two
// keys merges it once: a second merge of the same thread used to fail the
// whole batch (thread_merges.from_id is unique), so the sync never got past it.
func TestThreadingMergeReachedByTwoKeys(t *testing.T) {
	db := openTest(t)
	for i, m := range []keepwarm.Message{
		reply("p", t0),
		reply("g", t0.Add(2*time.Hour), "c"), // its thread holds mid:g and mid:c
		reply("x", t0.Add(3*time.Hour), "p", "g", "c"),
	} {
		save(t, db, at(m, "team", "INBOX", uint32(i+1), m.Date))
	}
	if got := threadGroups(t, db); len(got) != 1 || got[0] != "g p x" {
		t.Fatalf("threads = %q; want [g p x]", got)
	}
	if n := count(t, db, `SELECT count(*) FROM thread_merges`); n != 1 {
		t.Fatalf("%d thread merges recorded; want 1", n)
	}
}
