package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

func TestFolderStateNotFound(t *testing.T) {
	db := openTest(t)
	st, err := db.FolderState(context.Background(), "team", "INBOX")
	if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("FolderState of a new folder = %+v, %v; want ENOTFOUND", st, err)
	}
}

func TestResetFolderResyncDuplicatesNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ms := []keepwarm.Message{msg("a@acme.com"), msg("b@acme.com"), msg("c@acme.com")}
	var batch []keepwarm.Incoming
	for i, m := range ms {
		batch = append(batch, at(m, "team", "INBOX", uint32(i+1), t0.Add(time.Duration(i)*time.Minute)))
	}
	first := save(t, db, batch...)
	if err := db.ResetFolder(ctx, "team", "INBOX", 2); err != nil {
		t.Fatal(err)
	}
	st, err := db.FolderState(ctx, "team", "INBOX")
	if err != nil || st.UIDValidity != 2 || st.LastUID != 0 || st.HighestModSeq != 0 {
		t.Fatalf("after reset: %+v, %v; want uidvalidity 2, last uid 0", st, err)
	}
	if n := count(t, db, `SELECT count(*) FROM message_copies`); n != 0 {
		t.Fatalf("copies after reset = %d; want 0", n)
	}
	// The server renumbered the folder: same messages, new UIDs.
	for i := range batch {
		batch[i].Copy.UIDValidity, batch[i].Copy.UID = 2, uint32(100+i)
	}
	res := save(t, db, batch...)
	if res.New != 0 || res.Copies != 3 {
		t.Fatalf("resync = %+v; want 0 new, 3 copies", res)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 3 {
		t.Fatalf("messages = %d; want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM message_copies WHERE uid_validity = 2`); n != 3 {
		t.Fatalf("copies under the new uidvalidity = %d; want 3", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT thread_id) FROM messages`); n != len(first.Threads) {
		t.Fatalf("threads = %d; want %d", n, len(first.Threads))
	}
}

func TestResetFolderUnknownFolder(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.ResetFolder(ctx, "team", "Sent", 9); err != nil {
		t.Fatal(err)
	}
	st, err := db.FolderState(ctx, "team", "Sent")
	if err != nil || st.UIDValidity != 9 || !st.SyncedAt.IsZero() {
		t.Fatalf("state = %+v, %v", st, err)
	}
}

// Two Syncers of one mailbox (the daemon's, the follow-ups' last look)
// write their passes' refusals at once: each change is a row's, so neither
// brings back a row the other deleted nor loses the other's count.
func TestFetchRefusalsUpdateRowByRow(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t1 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	t2 := t1.Add(10 * time.Minute)
	ref := func(uid uint32, tries int, first time.Time) keepwarm.FetchRefusal {
		return keepwarm.FetchRefusal{Folder: "INBOX", UIDValidity: 7, UID: uid, Tries: tries, First: first}
	}
	if err := db.UpdateFetchRefusals(ctx, "team", []keepwarm.FetchRefusal{ref(2, 1, t1), ref(3, 1, t1)}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// One Syncer counts a refusal of 2; the other stored 3 and deleted it.
	if err := db.UpdateFetchRefusals(ctx, "team", []keepwarm.FetchRefusal{ref(2, 1, t2)}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateFetchRefusals(ctx, "team", nil, []keepwarm.FetchRefusal{ref(3, 0, time.Time{})},
		[]keepwarm.FetchRefusal{{Folder: "INBOX", UIDValidity: 7, StoredThrough: 5}}); err != nil {
		t.Fatal(err)
	}
	rs, err := db.FetchRefusals(ctx, "team")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].UID != 2 || rs[0].Tries != 2 || !rs[0].First.Equal(t1) || rs[0].StoredThrough != 5 {
		t.Fatalf("refusals %+v; want UID 2 alone, refused twice since %s, stored through 5", rs, t1)
	}
}
