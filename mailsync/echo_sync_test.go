package mailsync_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// On both servers, a history synced (headers first, texts over a second
// connection, then the backfill) with the header-field echoes compacted is
// stored exactly as without: every message's kind, customer, thread,
// snippet, attachments, parse error, body size and kept text. And the
// compactor does shorten the echoes these servers send, once or more for
// every message.
func TestCompactedEchoesStoreTheSame(t *testing.T) {
	t.Cleanup(mailsync.SetSecondConnFrom(1))
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		const n, inbox = 160, 120
		appendHistory(t, srv, salesUser, n, inbox)
		ctx := context.Background()
		cfg := mailboxConfig(srv, "team", salesUser)
		// Half the history inside the recent window: those come with their
		// texts and header fields in the same FETCH.
		now := historyArrival(inbox / 2).Add(30 * 24 * time.Hour)
		syncAll := func(compact bool) (map[string]storedRow, int64) {
			restore := mailsync.SetCompactEchoes(compact)
			defer restore()
			path := filepath.Join(t.TempDir(), "kw.db")
			s := mailsync.NewSyncer(cfg, openStore(t, path), team(), keepwarm.NewManualClock(now), testLogger(t),
				mailsync.SyncOptions{BatchSize: 40})
			sum, err := s.Sync(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Fetched != n || sum.Flagged != 0 {
				t.Fatalf("compact %v: fetched %d of %d, %d flagged", compact, sum.Fetched, n, sum.Flagged)
			}
			if _, err := s.FillTexts(ctx, 0); err != nil {
				t.Fatal(err)
			}
			return storedRows(t, path), mailsync.EchoesCompacted(s)
		}
		want, none := syncAll(false)
		got, compacted := syncAll(true)
		if none != 0 || compacted < n {
			t.Fatalf("echoes compacted: %d without the compactor, %d with it for %d messages", none, compacted, n)
		}
		if len(got) != n || len(want) != n {
			t.Fatalf("stored %d and %d messages; want %d", len(got), len(want), n)
		}
		for key, w := range want {
			if g := got[key]; g != w {
				t.Errorf("%s: with the echoes compacted\n%v\nwithout\n%v", key, g, w)
			}
		}
	})
}
