package mailsync_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// BenchmarkSyncDovecot syncs N generated messages (KEEPWARM_BENCH_N, default
// 2000) from a real Dovecot and compares keepwarm's first sync with a bare
// go-imap FETCH of the same mailbox, in one run:
//
//	keepwarm   a full first sync into a new SQLite database: connect, login,
//	           LIST, EXAMINE, fetch, parse, classify, thread, store
//	bare       go-imap v2 alone: connect, login, SELECT, then
//	           UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE
//	           BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO REFERENCES
//	           AUTO-SUBMITTED CONTENT-TYPE)]), every answer read and dropped
//
// Each side runs in a process of its own (this test binary started again,
// see TestSyncBenchChild), so the peak RSS reported is the whole process's
// (its VmHWM at the end), not a sample of the Go heap. Both sides first run once
// untimed, so Dovecot's cache holds what each asks for and the files are in
// the OS page cache; then KEEPWARM_BENCH_PAIRS pairs (default 3) run in
// alternating order. Reported: the median of each side's rate, the ratio of
// each pair (median, min, max), the highest peak RSS of each side, and from
// keepwarm's runs the no-change re-sync, the database's size and the bytes
// the process wrote.
//
// The mail (KEEPWARM_BENCH_MAIL): "export" (default), mailtest.GenExport's
// mix of export sales mail (multipart, attachments, GBK/Big5, 2-190 KB,
// median 15 KB); "tiny", mailtest.GenMessage's 0.6 KB text/plain messages.
// KEEPWARM_BENCH_TEXTS: "all" syncs every message with its text at once;
// "none" with no recent window (every ordinary text follows), to measure
// what the window's texts cost the first sync.
// KEEPWARM_BENCH_CPUPROFILE=FILE writes a CPU profile of keepwarm's last
// timed sync (the sync alone: not its re-sync nor the texts' backfill);
// KEEPWARM_BENCH_MEMPROFILE=FILE the allocations of that process up to the
// sync's end (go tool pprof -sample_index=alloc_space).
//
// Run: KEEPWARM_BENCH_N=20000 go test -run '^$' -bench BenchmarkSyncDovecot -benchtime 1x -timeout 60m ./mailsync/
func BenchmarkSyncDovecot(b *testing.B) {
	n := mailtest.EnvInt(b, "KEEPWARM_BENCH_N", 2000)
	pairs := mailtest.EnvInt(b, "KEEPWARM_BENCH_PAIRS", 3)
	kind := os.Getenv("KEEPWARM_BENCH_MAIL")
	gen := func(i int) []byte {
		return mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: teamDomain, Sales: "lily@" + teamDomain, Customers: 400,
			Start: t0, Every: benchEvery})
	}
	switch kind {
	case "", "export":
		kind = "export"
	case "tiny":
		gen = func(i int) []byte {
			return mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: teamDomain, Customers: 400, Start: t0, Every: benchEvery})
		}
	default:
		b.Fatalf("KEEPWARM_BENCH_MAIL=%q: want export or tiny", kind)
	}

	srv := mailtest.StartDovecot(b)
	srv.AddUser(b, salesUser, password)
	setup := time.Now()
	var bytesTotal int64
	srv.DeliverMaildirFunc(b, salesUser, "INBOX", n, func(i int) []byte {
		m := gen(i)
		bytesTotal += int64(len(m))
		return m
	}, benchArrival)
	c := srv.Dial(b, salesUser)
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		b.Fatal(err)
	}
	_ = c.Logout().Wait()
	benchLog("setup: wrote and indexed %d %s messages (%.0f MB, mean %.1f KiB) in %v",
		n, kind, float64(bytesTotal)/1e6, float64(bytesTotal)/float64(n)/1024, time.Since(setup).Round(time.Millisecond))

	run := func(side string, timed bool) benchResult {
		r := runBenchChild(b, side, srv.Addr(), masterPID(srv), n, timed)
		time.Sleep(300 * time.Millisecond) // the child's imap processes exit and are reaped before the next side measures
		benchLog("%-8s %8.0f msg/s  %6.2f s  peak RSS %5.1f MB  CPU/msg %5.1f µs + Dovecot %5.1f µs%s", side, r.Rate, r.Seconds, r.RSSMB,
			r.CPU.Seconds()*1e6/float64(n), r.ServerCPU.Seconds()*1e6/float64(n), r.extra())
		return r
	}
	benchLog("warming Dovecot's cache and the page cache (untimed)")
	run("bare", false)
	run("keepwarm", false)

	var kw, bare []benchResult
	var ratios []float64
	b.ResetTimer()
	for range b.N {
		for p := range pairs {
			var k, r benchResult
			if p%2 == 0 {
				r, k = run("bare", true), run("keepwarm", true)
			} else {
				k, r = run("keepwarm", true), run("bare", true)
			}
			kw, bare = append(kw, k), append(bare, r)
			ratios = append(ratios, k.Rate/r.Rate)
		}
	}
	b.StopTimer()
	rate := func(rs []benchResult) []float64 {
		var out []float64
		for _, r := range rs {
			out = append(out, r.Rate)
		}
		return out
	}
	peak := func(rs []benchResult) float64 {
		m := 0.0
		for _, r := range rs {
			m = max(m, r.RSSMB)
		}
		return m
	}
	lo, med, hi := spread(ratios)
	benchLog("ratio per pair: %s (min %.3f, median %.3f, max %.3f)", fmtFloats(ratios), lo, med, hi)
	klo, kmed, khi := spread(rate(kw))
	blo, bmed, bhi := spread(rate(bare))
	benchLog("keepwarm %.0f / %.0f / %.0f msg/s, bare %.0f / %.0f / %.0f msg/s (min / median / max)", klo, kmed, khi, blo, bmed, bhi)
	cpu := func(rs []benchResult) float64 {
		var xs []float64
		for _, r := range rs {
			xs = append(xs, (r.CPU+r.ServerCPU).Seconds()*1e6/float64(n))
		}
		_, m, _ := spread(xs)
		return m
	}
	benchLog("CPU per message, the process and Dovecot together (median): keepwarm %.0f µs, bare %.0f µs (ratio %.2f)", cpu(kw), cpu(bare), cpu(bare)/cpu(kw))
	b.ReportMetric(cpu(kw), "keepwarm_cpu_µs/msg")
	b.ReportMetric(cpu(bare), "bare_cpu_µs/msg")
	b.ReportMetric(kmed, "keepwarm_msgs/s")
	b.ReportMetric(bmed, "bare_msgs/s")
	b.ReportMetric(med, "ratio")
	b.ReportMetric(lo, "ratio_min")
	b.ReportMetric(hi, "ratio_max")
	b.ReportMetric(peak(kw), "keepwarm_rss_MB")
	b.ReportMetric(peak(bare), "bare_rss_MB")
	var fills []float64
	for _, r := range kw {
		if r.Filled > 0 {
			fills = append(fills, float64(r.Filled)/r.BackfillSeconds)
		}
	}
	if len(fills) > 0 {
		flo, fmed, fhi := spread(fills)
		benchLog("texts filled after the sync: %d in %.0f / %.0f / %.0f msg/s (min / median / max), not part of the rates above",
			kw[0].Filled, flo, fmed, fhi)
		b.ReportMetric(fmed, "backfill_msgs/s")
	}
	last := kw[len(kw)-1]
	b.ReportMetric(last.ResyncMS, "resync_ms")
	b.ReportMetric(last.DBMB, "db_MB")
	b.ReportMetric(last.WrittenMB, "written_MB")
}

// benchLog writes a line of the benchmark's report to stderr: testing
// cuts a benchmark's own log after a few lines.
func benchLog(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "    "+format+"\n", args...)
}

// benchResult is what one benchmark child reports.
// The benchmark's mailbox holds a history of benchPerDay messages a day, in
// and out, written and delivered over days up to the sync (benchNow): a
// salesperson's mailbox of 20,000 messages reaches about 200 days back, one
// of 100,000 about 1,000. The newest 30 days (sync's recent window) are
// about 3,000 messages.
const (
	benchPerDay = 100
	benchEvery  = 24 * time.Hour / benchPerDay
)

// benchArrival is when message i of the history arrived (its INTERNALDATE):
// half a minute after its Date.
func benchArrival(i int) time.Time { return t0.Add(time.Duration(i)*benchEvery + 30*time.Second) }

// benchNow is the time of the benchmark's sync of n messages: an hour
// after the last arrived.
func benchNow(n int) time.Time { return benchArrival(n).Add(time.Hour) }

type benchResult struct {
	Seconds   float64 `json:"seconds"`
	Rate      float64 `json:"rate"`
	ResyncMS  float64 `json:"resync_ms,omitempty"`
	DBMB      float64 `json:"db_mb,omitempty"`
	WrittenMB float64 `json:"written_mb,omitempty"`
	Pending   int     `json:"pending,omitempty"` // messages stored from the header, their text to follow
	RSSMB     float64 `json:"rss_mb"`            // the child's own VmHWM
	// CPU is the child's user and system time and ServerCPU Dovecot's
	// processes', both during the timed fetch or sync alone (measureOp):
	// not the child's start, the new database's migrations, the re-syncs
	// or the backfill.
	CPU       time.Duration `json:"cpu"`
	ServerCPU time.Duration `json:"server_cpu"`

	// The backfill of those texts after the timed sync (benchBackfill):
	// none of it counts in the figures above, CPU and RSS included.
	Filled            int           `json:"filled,omitempty"`
	BackfillSeconds   float64       `json:"backfill_seconds,omitempty"`
	BackfillCPU       time.Duration `json:"backfill_cpu,omitempty"`
	BackfillServerCPU time.Duration `json:"backfill_server_cpu,omitempty"`
	BackfillRSSMB     float64       `json:"backfill_rss_mb,omitempty"` // the peak over the sync and the backfill
}

func (r benchResult) extra() string {
	if r.DBMB == 0 {
		return ""
	}
	out := fmt.Sprintf("  re-sync %.1f ms  database %.0f MB  written %.0f MB  text to follow %d", r.ResyncMS, r.DBMB, r.WrittenMB, r.Pending)
	if r.Filled > 0 {
		out += fmt.Sprintf("\n         texts filled %d in %.2f s (%.0f msg/s, CPU/text %.1f µs + Dovecot %.1f µs, peak RSS %.1f MB)",
			r.Filled, r.BackfillSeconds, float64(r.Filled)/r.BackfillSeconds,
			r.BackfillCPU.Seconds()*1e6/float64(r.Filled), r.BackfillServerCPU.Seconds()*1e6/float64(r.Filled), r.BackfillRSSMB)
	}
	return out
}

// runBenchChild runs one side of the benchmark in a new process and returns
// what it reports, with its peak RSS.
func runBenchChild(b *testing.B, side, addr, pidFile string, n int, timed bool) benchResult {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncBenchChild$", "-test.count=1", "-test.v", "-test.timeout=60m")
	cmd.Env = append(os.Environ(),
		"KEEPWARM_BENCH_CHILD="+side, "KEEPWARM_BENCH_ADDR="+addr, "KEEPWARM_BENCH_N="+strconv.Itoa(n),
		"KEEPWARM_BENCH_DIR="+b.TempDir(), "KEEPWARM_BENCH_DOVECOT_PID="+pidFile)
	if !timed {
		cmd.Env = append(cmd.Env, "KEEPWARM_BENCH_CPUPROFILE=", "KEEPWARM_BENCH_MEMPROFILE=")
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s child: %v\n%s%s", side, err, out.String(), errb.String())
	}
	var r benchResult
	sc := bufio.NewScanner(&out)
	found := false
	for sc.Scan() {
		if line, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "BENCHRESULT "); ok {
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				b.Fatalf("%s child: %v", side, err)
			}
			found = true
		}
	}
	if !found {
		b.Fatalf("%s child reported nothing:\n%s%s", side, out.String(), errb.String())
	}
	if r.RSSMB == 0 { // no /proc: wait4's figure, which starts at this process's own peak
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.RSSMB = float64(ru.Maxrss) * 1024 / 1e6 // Linux: KiB
		}
	}
	return r
}

// peakRSS is this process's peak resident set in MB since it started
// (Linux /proc/self/status VmHWM), 0 where that cannot be read. wait4's
// ru_maxrss would not do: Go starts a child with vfork, so until exec the
// child shares the parent's memory, and the kernel carries that memory's
// peak into the child's maxrss, which then never reads less than the
// parent's (here the benchmark that generated the mail).
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb * 1024 / 1e6
		}
	}
	return 0
}

// masterPID is the file holding the pid of Dovecot's master.
func masterPID(srv *mailtest.Dovecot) string { return filepath.Join(srv.Dir, "run", "master.pid") }

// dovecotCPUOf is the CPU time the Dovecot master whose pid is in pidFile
// has used and collected from its exited children (each IMAP session's
// process exits at logout): Linux /proc/PID/stat
// utime+stime+cutime+cstime, 0 where that cannot be read.
func dovecotCPUOf(pidFile string) time.Duration {
	pid, err := os.ReadFile(pidFile)
	if err != nil {
		return 0
	}
	stat, err := os.ReadFile("/proc/" + strings.TrimSpace(string(pid)) + "/stat")
	if err != nil {
		return 0
	}
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 15 {
		return 0
	}
	var ticks int64
	for _, k := range f[11:15] { // fields 14-17 of the whole line
		v, _ := strconv.ParseInt(k, 10, 64)
		ticks += v
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ
}

// TestSyncBenchChild is one side of BenchmarkSyncDovecot when the benchmark
// starts this binary as a child (KEEPWARM_BENCH_CHILD set); otherwise it
// skips.
func TestSyncBenchChild(t *testing.T) {
	side := os.Getenv("KEEPWARM_BENCH_CHILD")
	if side == "" {
		t.Skip("only run by BenchmarkSyncDovecot")
	}
	addr, n := os.Getenv("KEEPWARM_BENCH_ADDR"), mailtest.EnvInt(t, "KEEPWARM_BENCH_N", 0)
	var r benchResult
	switch side {
	case "bare":
		var got int
		measureOp(&r, func() { got = bareFetchAll(t, addr) })
		if got != n {
			t.Fatalf("bare fetch got %d of %d messages", got, n)
		}
	case "keepwarm":
		dir := os.Getenv("KEEPWARM_BENCH_DIR")
		path := filepath.Join(dir, "kw.db")
		// As `keepwarm sync` and `run` open it: a first sync into a new
		// database goes through a rollback journal, then WAL
		// (KEEPWARM_BENCH_WAL=1: WAL throughout, as before).
		var so []store.OpenOption
		if os.Getenv("KEEPWARM_BENCH_WAL") == "" {
			so = append(so, store.FirstSync())
		}
		db, err := store.Open(context.Background(), path, t0, so...)
		if err != nil {
			t.Fatal(err)
		}
		cfg := mailsync.MailboxConfig{Name: "team", URL: &url.URL{Scheme: "imap", Host: addr}, Username: salesUser, Password: password}
		opts := mailsync.SyncOptions{}
		if os.Getenv("KEEPWARM_BENCH_TEXTS") == "all" {
			opts.RecentText = -1 // every message with its text, as before the recent window
		}
		if os.Getenv("KEEPWARM_BENCH_TEXTS") == "none" {
			// No recent window: only the mail that needs its text to be
			// classified (bounces, automatic replies) gets it at once.
			opts.RecentText = time.Nanosecond
		}
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewOffsetClock(benchNow(n)), testLogger(t), opts)
		if p := os.Getenv("KEEPWARM_BENCH_CPUPROFILE"); p != "" {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				t.Fatal(err)
			}
			defer f.Close()
		}
		var sum mailsync.Summary
		measureOp(&r, func() {
			sum, err = s.Sync(context.Background())
			if err == nil {
				err = db.EndFirstSync(context.Background())
			}
			pprof.StopCPUProfile() // the sync alone, not the re-sync or the backfill
		})
		if p := os.Getenv("KEEPWARM_BENCH_MEMPROFILE"); p != "" {
			writeAllocs(t, p)
		}
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		if sum.Fetched != n {
			t.Fatalf("synced %d of %d messages", sum.Fetched, n)
		}
		r.ResyncMS = minResync(t, s)
		db.Close()
		r.DBMB = float64(fileSizes(path, path+"-wal")) / 1e6
		r.WrittenMB = float64(writtenBytes()) / 1e6
		r.Pending = countPending(t, path)
		r.RSSMB = peakRSS()
		benchBackfill(t, cfg, path, n, &r)
	default:
		t.Fatalf("KEEPWARM_BENCH_CHILD=%q", side)
	}
	r.Rate = float64(n) / r.Seconds
	if r.RSSMB == 0 {
		r.RSSMB = peakRSS()
	}
	out, _ := json.Marshal(r)
	fmt.Printf("BENCHRESULT %s\n", out)
}

// measureOp runs op, the timed part of a side, and records its time, this
// process's CPU and Dovecot's. Dovecot's master counts an imap process's
// CPU once it has exited and been reaped: op ends by logging out, and the
// reading waits for the exit.
func measureOp(r *benchResult, op func()) {
	pidFile := os.Getenv("KEEPWARM_BENCH_DOVECOT_PID")
	cpu0, server0 := selfCPU(), dovecotCPUOf(pidFile)
	start := time.Now()
	op()
	r.Seconds = time.Since(start).Seconds()
	r.CPU = selfCPU() - cpu0
	time.Sleep(300 * time.Millisecond)
	r.ServerCPU = dovecotCPUOf(pidFile) - server0
}

// bareFetchAll is the baseline: what a plain go-imap client does to list a
// mailbox, every answer read and dropped. It returns the messages seen.
func bareFetchAll(t testing.TB, addr string) int {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, &imapclient.Options{WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(salesUser, password).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	var all imap.UIDSet
	all.AddRange(1, 0)
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true,
		HeaderFields: []string{"MESSAGE-ID", "IN-REPLY-TO", "REFERENCES", "AUTO-SUBMITTED", "CONTENT-TYPE"}}
	cmd := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true, InternalDate: true, RFC822Size: true,
		Envelope: true, BodySection: []*imap.FetchItemBodySection{section}})
	got := 0
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		for it := m.Next(); it != nil; it = m.Next() {
			if bs, ok := it.(imapclient.FetchItemDataBodySection); ok && bs.Literal != nil {
				if _, err := io.Copy(io.Discard, bs.Literal); err != nil {
					t.Fatal(err)
				}
			}
		}
		got++
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	_ = c.Logout().Wait()
	return got
}

// minResync returns the fastest of five no-change Sync passes, in ms.
func minResync(t testing.TB, s *mailsync.Syncer) float64 {
	t.Helper()
	best := time.Hour
	for range 5 {
		start := time.Now()
		sum, err := s.Sync(context.Background())
		if err != nil {
			t.Fatalf("re-sync: %v", err)
		}
		if sum.Fetched != 0 {
			t.Fatalf("re-sync fetched %d", sum.Fetched)
		}
		best = min(best, time.Since(start))
	}
	return float64(best.Microseconds()) / 1000
}

func fileSizes(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// writeAllocs writes the process's allocation profile so far to path.
func writeAllocs(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		t.Fatal(err)
	}
}

// writtenBytes is what this process has caused to be written to storage so
// far (Linux /proc/self/io write_bytes; 0 elsewhere).
func writtenBytes() int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "write_bytes: "); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n
		}
	}
	return 0
}

// spread returns the min, median and max of xs.
func spread(xs []float64) (lo, med, hi float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[0], s[len(s)/2], s[len(s)-1]
}

func fmtFloats(xs []float64) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, strconv.FormatFloat(x, 'f', 3, 64))
	}
	return strings.Join(parts, " ")
}

// discardStore is a Store that remembers folder positions and nothing else.
type discardStore struct {
	mu       sync.Mutex
	states   map[string]keepwarm.FolderState
	refusals map[string][]keepwarm.FetchRefusal
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

func (d *discardStore) FetchRefusals(_ context.Context, mailbox string) ([]keepwarm.FetchRefusal, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.refusals[mailbox]), nil
}

func (d *discardStore) UpdateFetchRefusals(_ context.Context, mailbox string, bump, gone, through []keepwarm.FetchRefusal) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.refusals == nil {
		d.refusals = map[string][]keepwarm.FetchRefusal{}
	}
	rs := d.refusals[mailbox]
	same := func(a, b keepwarm.FetchRefusal) bool {
		return a.Folder == b.Folder && a.UIDValidity == b.UIDValidity && a.UID == b.UID
	}
	for _, b := range bump {
		i := slices.IndexFunc(rs, func(r keepwarm.FetchRefusal) bool { return same(r, b) })
		if i < 0 {
			rs = append(rs, b)
			continue
		}
		rs[i].Tries += b.Tries
		rs[i].StoredThrough = max(rs[i].StoredThrough, b.StoredThrough)
	}
	for _, g := range gone {
		rs = slices.DeleteFunc(rs, func(r keepwarm.FetchRefusal) bool { return same(r, g) })
	}
	for _, t := range through {
		for i := range rs {
			if rs[i].Folder == t.Folder && rs[i].UIDValidity == t.UIDValidity {
				rs[i].StoredThrough = max(rs[i].StoredThrough, t.StoredThrough)
			}
		}
	}
	d.refusals[mailbox] = rs
	return nil
}

func (d *discardStore) SyncFailed(context.Context, string, time.Time, string, bool) error { return nil }

// countPending counts the messages of the database at path stored from
// their header alone.
func countPending(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM messages WHERE text_pending = 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// benchBackfill fills, after the timed first sync and the re-syncs, every
// text the sync left to follow, on the database at path, and records its
// time, its CPU and Dovecot's (which the parent takes out of the first
// sync's figures) and the peak RSS.
func benchBackfill(t *testing.T, cfg mailsync.MailboxConfig, path string, n int, r *benchResult) {
	t.Helper()
	if r.Pending == 0 {
		return
	}
	pidFile := os.Getenv("KEEPWARM_BENCH_DOVECOT_PID")
	time.Sleep(300 * time.Millisecond) // the sync's imap processes exit and are reaped
	cpu0, server0 := selfCPU(), dovecotCPUOf(pidFile)
	db := openStore(t, path)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.NewOffsetClock(benchNow(n)), testLogger(t), mailsync.SyncOptions{})
	start := time.Now()
	fs, err := s.FillTexts(context.Background(), 0)
	r.BackfillSeconds = time.Since(start).Seconds()
	if err != nil {
		t.Fatalf("backfill: %v", err)
	}
	if fs.Left != 0 || fs.Filled != r.Pending {
		t.Fatalf("backfill filled %d of %d texts, %d left", fs.Filled, r.Pending, fs.Left)
	}
	db.Close()
	time.Sleep(300 * time.Millisecond)
	r.Filled = fs.Filled
	r.BackfillCPU = selfCPU() - cpu0
	r.BackfillServerCPU = dovecotCPUOf(pidFile) - server0
	r.BackfillRSSMB = peakRSS()
}

// selfCPU is this process's user and system time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
