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

// Keys and folder names that are not valid UTF-8 (raw 8-bit headers) are
// found again byte for byte: a re-save stores nothing twice, a copy in
// another mailbox joins the message, and a reply joins its thread.
func TestSaveBatchInvalidUTF8Keys(t *testing.T) {
	db := openTest(t)
	odd := msg("\xff\xfeodd@acme.com")
	save(t, db, at(odd, "team", "IN\xe9BOX", 1, t0))
	if res := save(t, db, at(odd, "team", "IN\xe9BOX", 1, t0)); res.New != 0 || res.Copies != 0 {
		t.Fatalf("re-save = %+v; want nothing new", res)
	}
	if res := save(t, db, at(odd, "ann", "Sent", 1, t0.Add(-time.Hour))); res.New != 0 || res.Copies != 1 {
		t.Fatalf("copy in another mailbox = %+v; want one copy", res)
	}
	save(t, db, at(reply("r", t0.Add(time.Hour), odd.Key), "team", "IN\xe9BOX", 2, t0.Add(time.Hour)))
	if got := threadGroups(t, db); len(got) != 1 || got[0] != "r "+odd.Key {
		t.Fatalf("threads = %q", got)
	}
}
