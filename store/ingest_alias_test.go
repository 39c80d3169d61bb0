package store

import (
	"context"
	"testing"
)

// A message without a Message-ID stored under the key such messages had
// before (the hash of the header as fetched) gains a copy, not a twin, when
// a copy of it comes with the key made now and the old one as its alias.
func TestSaveBatchKeyAlias(t *testing.T) {
	db := openTest(t)
	old := msg("sha256:0ld")
	old.MessageID = ""
	save(t, db, at(old, "team", "INBOX", 1, t0))
	now := old
	now.Key, now.KeyAlias = "sha256:n3w", "sha256:0ld"
	if res := save(t, db, at(now, "lily", "INBOX", 1, t0)); res.New != 0 {
		t.Fatalf("the copy under the new key: %+v, want no new message", res)
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != 1 || st.Copies["team"] != 1 || st.Copies["lily"] != 1 {
		t.Fatalf("stats = %+v, want one message with a copy in each mailbox", st)
	}
}
