package mailsync_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// BenchmarkResyncNothingNew times a sync pass that finds nothing new, on a
// mailbox of 1,000 and one of 100,000 messages (KEEPWARM_RESYNC_N) in the
// same Dovecot and the same run, each after its first sync into its own
// database, beside what the server part alone takes: a bare go-imap client
// that connects, logs in, LISTs and EXAMINEs (with CONDSTORE) the folders
// keepwarm syncs, and logs out. The runs alternate between the sizes and
// the two sides (KEEPWARM_RESYNC_RUNS rounds, default 15). Reported per
// size, in ms: the bare session's and the sync's medians, and keepwarm's
// own time above the bare session (min/median/max of the per-round
// differences in the log); the goal is 10 ms or less at both sizes.
// It also reports the time spent in the store per re-sync (store_*_ms),
// keepwarm's own part that could grow with the database; on a loaded
// machine the server's times vary by more than keepwarm's whole share.
//
// Run: go test -run '^$' -bench ResyncNothingNew -benchtime 1x -timeout 30m ./mailsync/
func BenchmarkResyncNothingNew(b *testing.B) {
	sizes := mailtest.EnvSizes(b, "KEEPWARM_RESYNC_N", []int{1000, 100_000})
	rounds := mailtest.EnvInt(b, "KEEPWARM_RESYNC_RUNS", 15)
	srv := mailtest.StartDovecot(b)
	type side struct {
		user       string
		s          *mailsync.Syncer
		ts         *timedStore
		bare, sync []time.Duration
		store      []time.Duration
	}
	sides := make([]*side, len(sizes))
	// Every user before the first login: Dovecot looks at its passwd file
	// at most once a second, so a user added in the second of a login
	// would be refused.
	for _, n := range sizes {
		srv.AddUser(b, fmt.Sprintf("resync%d@%s", n, teamDomain), password)
	}
	for i, n := range sizes {
		user := fmt.Sprintf("resync%d@%s", n, teamDomain)
		opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 400}
		srv.DeliverMaildirFunc(b, user, "INBOX", n, func(j int) []byte { return mailtest.GenMessage(j, opts) },
			func(j int) time.Time { return t0.Add(time.Duration(j) * time.Minute) })
		db := openStore(b, filepath.Join(b.TempDir(), "kw.db"))
		ts := &timedStore{Store: db}
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", user), ts, team(), keepwarm.SystemClock{}, testLogger(b), mailsync.SyncOptions{})
		start := time.Now()
		if sum, err := s.Sync(context.Background()); err != nil || sum.Fetched != n {
			b.Fatalf("first sync of %d: fetched %d, %v", n, sum.Fetched, err)
		}
		b.Logf("%d messages: first sync %v", n, time.Since(start).Round(time.Millisecond))
		sides[i] = &side{user: user, s: s, ts: ts}
		// One untimed pass of each side, so that both meet warm caches.
		bareSession(b, srv, user)
		resyncOnce(b, s)
		ts.take()
	}
	b.ResetTimer()
	for range b.N {
		for r := range rounds {
			for _, sd := range sides {
				if r%2 == 0 {
					sd.bare = append(sd.bare, bareSession(b, srv, sd.user))
					sd.sync = append(sd.sync, resyncOnce(b, sd.s))
				} else {
					sd.sync = append(sd.sync, resyncOnce(b, sd.s))
					sd.bare = append(sd.bare, bareSession(b, srv, sd.user))
				}
				sd.store = append(sd.store, sd.ts.take())
			}
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for i, n := range sizes {
		sd := sides[i]
		over := make([]time.Duration, len(sd.sync))
		for j := range sd.sync {
			over[j] = sd.sync[j] - sd.bare[j]
		}
		med := func(ds []time.Duration) time.Duration {
			ds = slices.Clone(ds)
			slices.Sort(ds)
			return ds[len(ds)/2]
		}
		o := slices.Clone(over)
		slices.Sort(o)
		label := fmt.Sprintf("%dk", n/1000)
		b.Logf("%s: bare session median %.1f ms, keepwarm re-sync median %.1f ms, keepwarm's own time min %.1f / median %.1f / max %.1f ms (%d rounds)",
			label, ms(med(sd.bare)), ms(med(sd.sync)), ms(o[0]), ms(o[len(o)/2]), ms(o[len(o)-1]), len(o))
		b.ReportMetric(ms(med(sd.bare)), "bare_"+label+"_ms")
		b.ReportMetric(ms(med(sd.sync)), "resync_"+label+"_ms")
		b.ReportMetric(ms(o[len(o)/2]), "own_"+label+"_ms")
		st := slices.Clone(sd.store)
		slices.Sort(st)
		b.Logf("%s: time in the store per re-sync min %.2f / median %.2f / max %.2f ms", label, ms(st[0]), ms(st[len(st)/2]), ms(st[len(st)-1]))
		b.ReportMetric(ms(st[len(st)/2]), "store_"+label+"_ms")
	}
}

// timedStore adds up the time sync spends in the store: the part of
// keepwarm's own time that could grow with the database.
type timedStore struct {
	mailsync.Store
	spent time.Duration
}

func (t *timedStore) take() time.Duration { d := t.spent; t.spent = 0; return d }

func (t *timedStore) FolderState(ctx context.Context, mailbox, folder string) (keepwarm.FolderState, error) {
	defer t.time(time.Now())
	return t.Store.FolderState(ctx, mailbox, folder)
}

func (t *timedStore) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	defer t.time(time.Now())
	return t.Store.SaveBatch(ctx, st, batch)
}

func (t *timedStore) SyncAlive(ctx context.Context, mailbox string, folders []string, now time.Time) error {
	defer t.time(time.Now())
	return t.Store.SyncAlive(ctx, mailbox, folders, now)
}

func (t *timedStore) time(start time.Time) { t.spent += time.Since(start) }

// bareSession is what any client pays for a look at the folders keepwarm
// syncs (INBOX and Sent here): connect, log in, LIST with SPECIAL-USE,
// EXAMINE each with CONDSTORE, log out.
func bareSession(b *testing.B, srv *mailtest.Dovecot, user string) time.Duration {
	b.Helper()
	start := time.Now()
	c := srv.Dial(b, user)
	if _, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect(); err != nil {
		b.Fatal(err)
	}
	for _, f := range []string{"Sent", "INBOX"} {
		if _, err := c.Select(f, &imap.SelectOptions{ReadOnly: true, CondStore: true}).Wait(); err != nil {
			b.Fatal(err)
		}
	}
	if err := c.Logout().Wait(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func resyncOnce(b *testing.B, s *mailsync.Syncer) time.Duration {
	b.Helper()
	start := time.Now()
	sum, err := s.Sync(context.Background())
	if err != nil {
		b.Fatalf("re-sync: %v", err)
	}
	if sum.Fetched != 0 {
		b.Fatalf("re-sync fetched %d", sum.Fetched)
	}
	return time.Since(start)
}
