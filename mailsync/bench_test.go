package mailsync_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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
//	keepwarm_msgs/s  full keepwarm sync: fetch, parse, classify, store
//	bare_msgs/s      a bare go-imap UID FETCH 1:* of BODY.PEEK[HEADER.FIELDS (parse.HeaderFields)]
//	ratio            keepwarm_msgs/s / bare_msgs/s (goal at 20,000: >= 0.7)
//	nostore_msgs/s   the same sync into a store that discards (fetch, parse, classify only)
//	peak_heap_MB     highest HeapInuse sampled during the keepwarm sync
//	resync_ms        a whole Sync pass (connect, login, LIST, EXAMINE x2) with nothing new (goal < 50)
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
	b.Logf("setup: wrote %d messages into the Maildir in %v", n, time.Since(setup).Round(time.Millisecond))
	bareFetch(b, srv, n) // warm Dovecot's caches so both measured runs see the same server state

	var syncRate, bareRate, noStoreRate, peak, resync float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		bareRate = bareFetch(b, srv, n)
		db := openStore(b, filepath.Join(b.TempDir(), "kw.db"))
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(b), mailsync.SyncOptions{})
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
		resync = minResync(b, s)
		noStoreRate = noStoreSync(b, srv, n)
		b.StartTimer()
	}
	b.ReportMetric(syncRate, "keepwarm_msgs/s")
	b.ReportMetric(bareRate, "bare_msgs/s")
	b.ReportMetric(syncRate/bareRate, "ratio")
	b.ReportMetric(noStoreRate, "nostore_msgs/s")
	b.ReportMetric(peak, "peak_heap_MB")
	b.ReportMetric(resync, "resync_ms")
}

// bareFetch fetches the header fields of every message with go-imap alone
// and returns messages per second.
func bareFetch(b *testing.B, srv mailtest.Server, n int) float64 {
	b.Helper()
	c := srv.Dial(b, salesUser)
	start := time.Now()
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
func noStoreSync(b *testing.B, srv mailtest.Server, n int) float64 {
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
