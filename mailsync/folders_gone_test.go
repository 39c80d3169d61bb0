package mailsync_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// A configured extra folder deleted on the server after keepwarm synced it
// leaves the rest of the mailbox syncing: the next pass stores INBOX's new
// mail, names the folder (the Summary, the log once, the store for
// /healthz) and keeps its position; when the folder is back it is synced
// again. A configured folder never synced and not on the server stays an
// error, and `keepwarm check` (Inspect) always says so.
func TestGoneExtraFolderDoesNotStopTheMailbox(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		ctx := context.Background()
		srv.AddUser(t, salesUser, password)
		admin := srv.Dial(t, salesUser)
		if err := admin.Create("Customers", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		appendGen(t, srv, salesUser, "INBOX", 0, 2)
		appendGen(t, srv, salesUser, "Customers", 2, 3)
		db := newStore(t)
		var logs mailtest.LockedBuffer
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.Folders = []mailsync.FolderSpec{{Name: "Customers", Role: keepwarm.RoleOther}}
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
		if sum := syncOnce(t, s); sum.New != 3 || len(sum.Gone) != 0 {
			t.Fatalf("first sync: new %d gone %v, want 3 and none", sum.New, sum.Gone)
		}

		if err := admin.Delete("Customers").Wait(); err != nil {
			t.Fatal(err)
		}
		appendGen(t, srv, salesUser, "INBOX", 3, 4)
		for pass := 1; pass <= 2; pass++ {
			sum := syncOnce(t, s)
			if !slices.Equal(sum.Gone, []string{"Customers"}) {
				t.Fatalf("pass %d: gone %v, want [Customers]", pass, sum.Gone)
			}
			if pass == 1 && sum.New != 1 {
				t.Fatalf("INBOX's new mail: %d new, want 1", sum.New)
			}
		}
		if n := strings.Count(logs.String(), "configured folder is gone from the server"); n != 1 || !strings.Contains(logs.String(), "folder=Customers") {
			t.Fatalf("the gone folder logged %d times, want once by name:\n%s", n, logs.String())
		}
		st, err := db.FolderState(ctx, "team", "Customers")
		if err != nil || st.LastUID != 1 {
			t.Fatalf("the gone folder's position: %+v %v, want it kept", st, err)
		}
		if gone := goneSince(t, db, "Customers"); gone.IsZero() {
			t.Fatal("the store does not say the folder is gone")
		}
		if _, err := s.Inspect(ctx); err == nil || !strings.Contains(err.Error(), `folder "Customers" from the configuration is not on the server`) {
			t.Fatalf("check with the folder gone: %v, want the configuration error", err)
		}

		// Back on the server: synced again, no longer gone.
		if err := admin.Create("Customers", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		appendGen(t, srv, salesUser, "Customers", 4, 5)
		if sum := syncOnce(t, s); len(sum.Gone) != 0 || sum.New != 1 {
			t.Fatalf("folder back: gone %v new %d, want none and 1", sum.Gone, sum.New)
		}
		if gone := goneSince(t, db, "Customers"); !gone.IsZero() {
			t.Fatalf("the store still says the folder is gone since %v", gone)
		}

		// Never synced and missing: a wrong name, an error as before.
		cfg.Folders = []mailsync.FolderSpec{{Name: "Custmers", Role: keepwarm.RoleOther}}
		s2 := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
		if _, err := s2.Sync(ctx); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
			t.Fatalf("a configured folder never synced and missing: %v, want EINVALID", err)
		}
	})
}

// A folder found gone and then taken out of the configuration (the fix the
// log and /healthz ask for) is no longer reported as gone once keepwarm
// runs with the new configuration: /healthz and the digest stop naming it.
func TestGoneFolderTakenOutOfTheConfigIsNoLongerGone(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Create("Customers", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	appendGen(t, srv, salesUser, "Customers", 1, 2)
	db := newStore(t)
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.Folders = []mailsync.FolderSpec{{Name: "Customers", Role: keepwarm.RoleOther}}
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s)
	if err := admin.Delete("Customers").Wait(); err != nil {
		t.Fatal(err)
	}
	if sum := syncOnce(t, s); !slices.Equal(sum.Gone, []string{"Customers"}) || goneSince(t, db, "Customers").IsZero() {
		t.Fatalf("the folder deleted on the server: gone %v", sum.Gone)
	}
	// Still gone and still configured: a restart keeps saying so.
	s = mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if syncOnce(t, s); goneSince(t, db, "Customers").IsZero() {
		t.Fatal("a restart with the folder still configured forgot it is gone")
	}
	cfg.Folders = nil
	s = mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	if sum := syncOnce(t, s); len(sum.Gone) != 0 {
		t.Fatalf("without the folder in the configuration: gone %v", sum.Gone)
	}
	if gone := goneSince(t, db, "Customers"); !gone.IsZero() {
		t.Fatalf("the store still says the folder taken out of the configuration is gone since %v", gone)
	}
}

func goneSince(t *testing.T, db *store.DB, folder string) time.Time {
	t.Helper()
	ops, err := db.OpsSnapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ops.Folders {
		if f.Mailbox == "team" && f.Folder == folder {
			return f.GoneSince
		}
	}
	t.Fatalf("no folder %s stored", folder)
	return time.Time{}
}

// Run, the live mode, goes on past a configured folder deleted under it:
// the pass that finds the folder gone fails once, the next session leaves
// it out and names it, and INBOX's mail keeps coming in.
func TestRunGoesOnWithoutGoneFolder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Create("Customers", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	appendGen(t, srv, salesUser, "Customers", 1, 2)
	db := newStore(t)
	var logs mailtest.LockedBuffer
	cfg := mailboxConfig(srv, "team", salesUser)
	cfg.Folders = []mailsync.FolderSpec{{Name: "Customers", Role: keepwarm.RoleOther}}
	ingested := make(chan keepwarm.SaveResult, 100)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)),
		mailsync.SyncOptions{PollInterval: 50 * time.Millisecond, RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond,
			OnIngest: func(r keepwarm.SaveResult) { ingested <- r }})
	stop := runInBackground(t, s)
	waitIngest(t, ingested, 2, "first pass")

	if err := admin.Delete("Customers").Wait(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "configured folder is gone from the server") {
		if time.Now().After(deadline) {
			t.Fatalf("the gone folder was never named:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	appendGen(t, srv, salesUser, "INBOX", 2, 4)
	waitIngest(t, ingested, 2, "INBOX's mail with the folder gone")
	stop()
	if n := strings.Count(logs.String(), "configured folder is gone from the server"); n != 1 {
		t.Fatalf("the gone folder logged %d times, want once", n)
	}
}
