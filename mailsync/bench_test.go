package mailsync_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
)

// BenchmarkSyncDovecot syncs N generated messages (KEEPWARM_BENCH_N, default
// 2000) from a real Dovecot and reports, from the same run:
//
//	keepwarm_msgs/s   full keepwarm sync: connect, fetch, parse, classify, store
//	bare_msgs/s       a bare go-imap UID FETCH 1:* of BODY.PEEK[HEADER.FIELDS (parse.HeaderFields)],
//	                  connect and login included, in the server state keepwarm's sync meets
//	                  (see below); the mean of a run just before and one just after keepwarm's
//	ratio             keepwarm_msgs/s / bare_msgs/s (goal at 20,000: >= 0.7)
//	bare_warm_msgs/s  the same bare FETCH repeated at once, answered from Dovecot's cache
//	ratio_warm        keepwarm_msgs/s / bare_warm_msgs/s
//	nostore_msgs/s    keepwarm's sync into a store that discards (fetch, parse, classify only)
//	peak_heap_MB      highest HeapInuse sampled during keepwarm's sync
//	resync_ms         the fastest of 5 whole Sync passes (connect, login, LIST, EXAMINE x2)
//	                  with nothing new (goal < 50)
//
// Same server state: the messages are freshly delivered into the Maildir and
// indexed by one untimed SELECT; before each of the runs above except
// bare_warm, Dovecot's cache file (dovecot.index.cache) is removed, so no run
// is answered from fields an earlier run made Dovecot cache. The files are
// in the OS page cache for every run. A first sync of a mailbox is what
// keepwarm does; bare_warm is what a mail client sees when it asks again.
//
// Run: KEEPWARM_BENCH_N=20000 go test -run '^$' -bench BenchmarkSyncDovecot -benchtime 1x ./mailsync/
func BenchmarkSyncDovecot(b *testing.B) {
	n := 2000
	if v := os.Getenv("KEEPWARM_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("KEEPWARM_BENCH_N=%q: want a positive number", v)
		}
	}
	srv := mailtest.StartDovecot(b)
	srv.AddUser(b, salesUser, password)
	msgs := make([][]byte, n)
	opts := mailtest.GenOptions{TeamDomain: teamDomain, Customers: 400}
	for i := range msgs {
		msgs[i] = mailtest.GenMessage(i, opts)
	}
	setup := time.Now()
	srv.DeliverMaildir(b, salesUser, "INBOX", msgs, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) })
	c := srv.Dial(b, salesUser)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		b.Fatal(err)
	}
	_ = c.Logout().Wait()
	b.Logf("setup: wrote and indexed %d messages in %v", n, time.Since(setup).Round(time.Millisecond))
	bareFetch(b, srv, n) // warm the OS page cache for every run alike

	var syncRate, bareBefore, bareAfter, bareWarm, noStoreRate, peak, resync float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dropDovecotCache(b, srv)
		bareBefore = bareFetch(b, srv, n)
		db := openStore(b, filepath.Join(b.TempDir(), "kw.db"))
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(b), mailsync.SyncOptions{})
		dropDovecotCache(b, srv)
		b.StartTimer()

		stopSampling := samplePeakHeap()
		start := time.Now()
		sum, err := s.Sync(context.Background())
		elapsed := time.Since(start)
		peak = float64(stopSampling()) / (1 << 20)
		if err != nil {
			b.Fatalf("sync: %v", err)
		}
		if sum.Fetched != n {
			b.Fatalf("synced %d of %d messages", sum.Fetched, n)
		}
		syncRate = float64(n) / elapsed.Seconds()

		b.StopTimer()
		dropDovecotCache(b, srv)
		bareAfter = bareFetch(b, srv, n)
		bareWarm = bareFetch(b, srv, n)
		resync = minResync(b, s)
		dropDovecotCache(b, srv)
		noStoreRate = noStoreSync(b, srv, n)
		b.StartTimer()
	}
	bareRate := (bareBefore + bareAfter) / 2
	b.Logf("bare FETCH before keepwarm %.0f msgs/s, after %.0f msgs/s", bareBefore, bareAfter)
	b.ReportMetric(syncRate, "keepwarm_msgs/s")
	b.ReportMetric(bareRate, "bare_msgs/s")
	b.ReportMetric(syncRate/bareRate, "ratio")
	b.ReportMetric(bareWarm, "bare_warm_msgs/s")
	b.ReportMetric(syncRate/bareWarm, "ratio_warm")
	b.ReportMetric(noStoreRate, "nostore_msgs/s")
	b.ReportMetric(peak, "peak_heap_MB")
	b.ReportMetric(resync, "resync_ms")
}

// dropDovecotCache removes the benchmark user's Dovecot cache files, which
// Dovecot rebuilds as it is asked: the next FETCH reads every message file,
// as on a mailbox no client has fetched these fields from. Only call it
// with no connection open to the mailbox.
func dropDovecotCache(b *testing.B, srv *mailtest.Dovecot) {
	b.Helper()
	local, domain, _ := strings.Cut(salesUser, "@")
	files, err := filepath.Glob(filepath.Join(srv.Dir, "mail", domain, local, "Maildir", "dovecot.index.cache"))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			b.Fatal(err)
		}
	}
}

// bareFetch fetches the header fields of every message with go-imap alone,
// connecting and logging in as keepwarm's sync does, and returns messages
// per second.
func bareFetch(b *testing.B, srv *mailtest.Dovecot, n int) float64 {
	b.Helper()
	start := time.Now()
	c := srv.Dial(b, salesUser)
	defer func() { _ = c.Logout().Wait() }()
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		b.Fatal(err)
	}
	var all imap.UIDSet
	all.AddRange(1, 0)
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: parse.HeaderFields, Peek: true}
	cmd := c.Fetch(all, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
	got := 0
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		buf, err := m.Collect()
		if err != nil {
			b.Fatal(err)
		}
		if len(buf.FindBodySection(section)) > 0 {
			got++
		}
	}
	if err := cmd.Close(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	if got != n {
		b.Fatalf("bare fetch got %d of %d", got, n)
	}
	return float64(n) / elapsed.Seconds()
}

// noStoreSync syncs into a Store that keeps only folder positions, to show
// how fast fetching, parsing and classifying go without SQLite.
func noStoreSync(b *testing.B, srv *mailtest.Dovecot, n int) float64 {
	b.Helper()
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), &discardStore{}, team(), keepwarm.SystemClock{}, testLogger(b), mailsync.SyncOptions{})
	start := time.Now()
	sum, err := s.Sync(context.Background())
	if err != nil || sum.Fetched != n {
		b.Fatalf("no-store sync: %d of %d, %v", sum.Fetched, n, err)
	}
	return float64(n) / time.Since(start).Seconds()
}

// discardStore is a Store that remembers folder positions and nothing else.
type discardStore struct {
	mu     sync.Mutex
	states map[string]keepwarm.FolderState
}

func (d *discardStore) FolderState(_ context.Context, mailbox, folder string) (keepwarm.FolderState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.states[mailbox+"/"+folder]; ok {
		return st, nil
	}
	return keepwarm.FolderState{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "never synced")
}

func (d *discardStore) ResetFolder(_ context.Context, mailbox, folder string, v uint32) error {
	_, err := d.SaveBatch(context.Background(), keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: v}, nil)
	return err
}

func (d *discardStore) SaveBatch(_ context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.states == nil {
		d.states = map[string]keepwarm.FolderState{}
	}
	d.states[st.Mailbox+"/"+st.Folder] = st
	return keepwarm.SaveResult{New: len(batch)}, nil
}

func (d *discardStore) SyncAlive(context.Context, string, []string, time.Time) error { return nil }

func (d *discardStore) SyncFailed(context.Context, string, time.Time, string, bool) error { return nil }

// minResync returns the fastest of five no-change Sync passes, in ms.
func minResync(b *testing.B, s *mailsync.Syncer) float64 {
	b.Helper()
	best := time.Hour
	for range 5 {
		start := time.Now()
		sum, err := s.Sync(context.Background())
		if err != nil {
			b.Fatalf("re-sync: %v", err)
		}
		if sum.Fetched != 0 {
			b.Fatalf("re-sync fetched %d", sum.Fetched)
		}
		best = min(best, time.Since(start))
	}
	return float64(best.Microseconds()) / 1000
}

// samplePeakHeap samples HeapInuse every 10 ms until the returned function is
// called; that function returns the highest value seen.
func samplePeakHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
	}
	go func() {
		defer close(stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		sample()
		return peak.Load()
	}
}
