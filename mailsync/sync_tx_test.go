package mailsync_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// txStore is the database with its SaveTx watched: it records the UIDs of
// each committed transaction, fails the batch holding failUID as a broken
// store would (the transaction rolls back), and makes a transaction due
// after dueAfter batches.
type txStore struct {
	*store.DB
	failUID   uint32
	dueAfter  int
	committed []uint32 // UIDs committed, in order
	commits   int
}

func (s *txStore) BeginSave() keepwarm.SaveTx { return &txWatch{s: s, tx: s.DB.BeginSave()} }

type txWatch struct {
	s       *txStore
	tx      keepwarm.SaveTx
	batches int
	held    []uint32
}

func (w *txWatch) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	for _, in := range batch {
		if w.s.failUID != 0 && in.Copy.UID == w.s.failUID {
			w.held = nil
			return keepwarm.SaveResult{}, errors.Join(errInjected, w.tx.Rollback())
		}
	}
	res, err := w.tx.SaveBatch(ctx, st, batch)
	if err != nil {
		w.held = nil
		return res, err
	}
	w.batches++
	for _, in := range batch {
		w.held = append(w.held, in.Copy.UID)
	}
	return res, nil
}

func (w *txWatch) Due() bool { return w.batches >= w.s.dueAfter || w.tx.Due() }

func (w *txWatch) Commit() error {
	if err := w.tx.Commit(); err != nil {
		return err
	}
	if w.batches > 0 {
		w.s.commits++
	}
	w.s.committed = append(w.s.committed, w.held...)
	w.batches, w.held = 0, nil
	return nil
}

func (w *txWatch) Rollback() error {
	w.batches, w.held = 0, nil
	return w.tx.Rollback()
}

// Sync stores a folder's batches in a few transactions; one that dies
// mid-way loses the batches since the last commit, positions with them, and
// the next run fetches exactly those again: nothing stored twice, nothing
// lost. Every OnIngest call reports messages a reader can already see.
func TestSyncTransactionSpansBatchesAndResumes(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		appendGen(t, srv, salesUser, "INBOX", 0, 30)
		path := filepath.Join(t.TempDir(), "kw.db")
		cfg := mailboxConfig(srv, "team", salesUser)

		db1 := openStore(t, path)
		st1 := &txStore{DB: db1, failUID: 25, dueAfter: 2}
		s1 := mailsync.NewSyncer(cfg, st1, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{BatchSize: 3})
		if _, err := s1.Sync(context.Background()); !errors.Is(err, errInjected) {
			t.Fatalf("first sync error %v, want the injected failure", err)
		}
		k := uint32(len(st1.committed))
		if k == 0 || k >= 25 || k%3 != 0 || !slices.Equal(st1.committed, uidRange(1, k)) {
			t.Fatalf("committed before the failure: %v, want 1..k, k < 25 on a batch boundary", st1.committed)
		}
		if st := stats(t, db1); st.Messages != int(k) {
			t.Fatalf("%d messages stored after the failure, %d committed", st.Messages, k)
		}
		db1.Close()

		appendGen(t, srv, salesUser, "INBOX", 30, 32)
		db2 := openStore(t, path)
		st2 := &txStore{DB: db2, dueAfter: 1 << 30}
		seen := 0
		opts := mailsync.SyncOptions{BatchSize: 3, OnIngest: func(r keepwarm.SaveResult) {
			seen += r.New
			if st := stats(t, db2); st.Messages < int(k)+seen {
				t.Errorf("OnIngest told of %d new messages; a reader sees %d of %d", r.New, st.Messages-int(k), seen)
			}
		}}
		s2 := mailsync.NewSyncer(cfg, st2, team(), keepwarm.SystemClock{}, testLogger(t), opts)
		sum := syncOnce(t, s2)
		if !slices.Equal(st2.committed, uidRange(k+1, 32)) {
			t.Fatalf("after restart committed %v, want %d..32", st2.committed, k+1)
		}
		if fetched := (32 - int(k) + 2) / 3; st2.commits < 1 || st2.commits >= fetched {
			t.Fatalf("%d commits for %d fetched batches; want fewer, one transaction across batches", st2.commits, fetched)
		}
		if sum.New != int(32-k) || seen != sum.New {
			t.Fatalf("after restart %d new, OnIngest told of %d; want %d", sum.New, seen, 32-k)
		}
		if st := stats(t, db2); st.Messages != 32 || st.Copies["team"] != 32 {
			t.Fatalf("stored %d messages %d copies, want 32 32", st.Messages, st.Copies["team"])
		}
	})
}
