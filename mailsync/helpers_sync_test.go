package mailsync_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/store"
)

const (
	teamDomain = "keepwarm-trading.com"
	salesUser  = "sales@" + teamDomain
	lilyUser   = "lily@" + teamDomain
	password   = "s3cret"
)

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func openStore(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, t0)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newStore(t testing.TB) *store.DB {
	t.Helper()
	return openStore(t, filepath.Join(t.TempDir(), "kw.db"))
}

func team() *parse.Team {
	return parse.NewTeam([]string{teamDomain}, nil, []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"})
}

func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("KEEPWARM_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func mailboxConfig(srv mailtest.Server, name, user string) mailsync.MailboxConfig {
	return mailsync.MailboxConfig{Name: name, URL: srv.URL(), Username: user, Password: password}
}

// recorder wraps a Store and records every copy handed to SaveBatch, so a
// test can tell exactly which UIDs sync fetched.
type recorder struct {
	mailsync.Store
	mu      sync.Mutex
	saved   map[string][]uint32 // "mailbox/folder" -> UIDs in save order
	failUID uint32              // fail the SaveBatch whose batch holds this UID; 0 never
}

var errInjected = errors.New("injected store failure")

func record(st mailsync.Store) *recorder {
	return &recorder{Store: st, saved: map[string][]uint32{}}
}

func (r *recorder) SaveBatch(ctx context.Context, state keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	r.mu.Lock()
	for _, in := range batch {
		if r.failUID != 0 && in.Copy.UID == r.failUID {
			r.mu.Unlock()
			return keepwarm.SaveResult{}, errInjected
		}
	}
	r.mu.Unlock()
	res, err := r.Store.SaveBatch(ctx, state, batch)
	if err != nil {
		return res, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, in := range batch {
		k := in.Copy.Mailbox + "/" + in.Copy.Folder
		r.saved[k] = append(r.saved[k], in.Copy.UID)
	}
	return res, nil
}

// take returns and forgets the UIDs saved for mailbox/folder.
func (r *recorder) take(key string) []uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.saved[key]
	delete(r.saved, key)
	return out
}

func syncOnce(t testing.TB, s *mailsync.Syncer) mailsync.Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sum, err := s.Sync(ctx)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func appendGen(t testing.TB, srv mailtest.Server, user, folder string, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		srv.Append(t, user, folder, mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain}), t0.Add(time.Duration(i)*time.Minute))
	}
}

func stats(t testing.TB, db *store.DB) store.Stats {
	t.Helper()
	s, err := db.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return s
}

func uidRange(from, to uint32) []uint32 {
	var out []uint32
	for u := from; u <= to; u++ {
		out = append(out, u)
	}
	return out
}

func equalUIDs(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
