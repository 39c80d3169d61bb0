package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// BenchmarkFirstRunsAfterSync times what a manager runs first after a large
// first sync, on databases of 20,000 and 100,000 messages built in the same
// run, and reports each figure's min/median/max (ms) and the ratio of the
// medians (100k/20k; linear is 5), and the same of the CPU time each took
// (customers-cpu ...):
//
//	customers  `keepwarm customers --json` on the freshly synced database
//	           (it pools or hands out every customer the sync created)
//	tick       `keepwarm tick` on another fresh copy: a sync that finds
//	           nothing new, every reply clock measured for the first time,
//	           the pool, follow-ups, greetings, digests, the dispatcher
//	report     `keepwarm report replies --format json` over every clock,
//	           after that tick
//
// The databases are filled through the store's SaveBatch, as sync fills
// them, with realistic metadata (mailtest.History: threads, customers on a
// power law, snippets and headers of real sizes) rather than through IMAP,
// so that the figures do not depend on the fetch. The mailboxes live on an
// in-process IMAP server whose folders are empty: the tick's sync only
// logs in and examines them. Each run starts from a copy of the database
// as sync left it; the sizes alternate. KEEPWARM_SCALE_N ("20000,100000")
// and KEEPWARM_SCALE_RUNS (3) change the sizes and the runs per size;
// KEEPWARM_SCALE_KEEP=DIR keeps a copy of each synced database there
// (synced-100000.db), and one of it after its first tick (ticked-100000.db,
// with its -wal: compare two versions' reply clocks and pool);
// KEEPWARM_SCALE_CPUPROFILE=DIR writes a CPU profile of each command's
// every run there (tick-100000-1.prof, tick-100000-2.prof...: go tool
// pprof merges the profiles it is given, for more samples than one run
// of a second gives); KEEPWARM_SCALE_LOG=debug copies each
// command's log to stderr (the engine logs each job's time at debug).
//
// Run: go test -run '^$' -bench FirstRunsAfterSync -benchtime 1x -timeout 30m ./cli/
func BenchmarkFirstRunsAfterSync(b *testing.B) {
	sizes := mailtest.EnvSizes(b, "KEEPWARM_SCALE_N", []int{20_000, 100_000})
	runs := mailtest.EnvInt(b, "KEEPWARM_SCALE_RUNS", 3)
	rigs := make([]*scaleRig, len(sizes))
	for i, n := range sizes {
		start := time.Now()
		rigs[i] = newScaleRig(b, n)
		b.Logf("%d messages: database of %.0f MB built in %v", n, float64(rigs[i].size)/1e6, time.Since(start).Round(time.Second))
	}
	times := make([]map[string][]time.Duration, len(sizes))
	for i := range times {
		times[i] = map[string][]time.Duration{}
	}
	b.ResetTimer()
	for range b.N {
		for range runs {
			for i, r := range rigs {
				for k, d := range r.measure(b) {
					times[i][k] = append(times[i][k], d)
				}
			}
		}
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	// To stderr: the testing package cuts a benchmark's log after ten
	// lines.
	summary := os.Stderr
	for _, k := range []string{"customers", "tick", "report", "customers-cpu", "tick-cpu", "report-cpu"} {
		var meds []time.Duration
		for i, n := range sizes {
			ds := times[i][k]
			slices.Sort(ds)
			med := ds[len(ds)/2]
			meds = append(meds, med)
			label := fmt.Sprintf("%s_%dk", k, n/1000)
			fmt.Fprintf(summary, "%s: min %.0f ms, median %.0f ms, max %.0f ms (%d runs)\n", label, ms(ds[0]), ms(med), ms(ds[len(ds)-1]), len(ds))
			b.ReportMetric(ms(med), label+"_ms")
		}
		if len(meds) > 1 {
			b.ReportMetric(float64(meds[len(meds)-1])/float64(meds[0]), k+"_ratio")
		}
	}
}

// scaleRig is one database size: its config, the mailboxes' server and
// the database as sync left it.
type scaleRig struct {
	n        int
	dir      string
	config   string
	template string // the database as sync left it
	size     int64
	now      time.Time
	env      map[string]string
	ticked   bool           // a copy after the first tick is kept (KEEPWARM_SCALE_KEEP)
	profiles map[string]int // the CPU profiles written of each command
}

const scaleTeam = `
database = "kw.db"
[team]
internal_domains = ["acme-export.com"]
manager = "boss@acme-export.com"
time_zone = "Asia/Shanghai"
[book]
round_robin = true
[[salesperson]]
email = "lily@acme-export.com"
name = "Lily Chen"
[[salesperson]]
email = "tom@acme-export.com"
name = "Tom Li"
[[salesperson]]
email = "ann@acme-export.com"
name = "Ann Wu"
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`

func newScaleRig(b *testing.B, n int) *scaleRig {
	b.Helper()
	srv := mailtest.NewMemServer(b)
	smtpSrv := mailtest.NewSMTPServer(b)
	r := &scaleRig{n: n, dir: b.TempDir(), env: map[string]string{"PW": "pw", "NOTIFY_PW": mailtest.SMTPPassword}}
	body := fmt.Sprintf(scaleTeam, smtpSrv.URL().String(), mailtest.SMTPUser)
	for _, mb := range []struct{ name, login, owner string }{
		{"team", "sales", "boss"}, {"lily", "lily", "lily"}, {"tom", "tom", "tom"}, {"ann", "ann", "ann"},
	} {
		srv.AddUser(b, mb.login+"@acme-export.com", "pw")
		body += fmt.Sprintf("[[mailbox]]\nname = %q\nowner = \"%s@acme-export.com\"\nurl = %q\nusername = \"%s@acme-export.com\"\npassword_env = \"PW\"\n",
			mb.name, mb.owner, srv.URL().String(), mb.login)
	}
	r.config = filepath.Join(r.dir, "keepwarm.toml")
	if err := os.WriteFile(r.config, []byte(body), 0o600); err != nil {
		b.Fatal(err)
	}
	msgs, last := mailtest.History(n, mailtest.HistoryOptions{})
	r.now = last.Add(time.Hour)
	// A sync of the empty folders records their UIDVALIDITY; then the
	// history goes in as sync stores it, folder by folder (Sent first).
	r.must(b, r.now, "sync")
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(r.dir, "kw.db"), r.now)
	if err != nil {
		b.Fatal(err)
	}
	for _, mailbox := range []string{"team", "lily", "tom", "ann"} {
		for _, folder := range []string{"Sent", "INBOX"} {
			st, err := db.FolderState(ctx, mailbox, folder)
			if err != nil {
				b.Fatal(err)
			}
			var batch []keepwarm.Incoming
			flush := func() {
				if len(batch) == 0 {
					return
				}
				st.LastUID = batch[len(batch)-1].Copy.UID
				st.SyncedAt = batch[len(batch)-1].Copy.InternalDate
				if _, err := db.SaveBatch(ctx, st, batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
			for _, in := range msgs {
				if in.Copy.Mailbox == mailbox && in.Copy.Folder == folder {
					in.Copy.UIDValidity = st.UIDValidity
					batch = append(batch, in)
					if len(batch) == 2000 {
						flush()
					}
				}
			}
			flush()
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	r.template = filepath.Join(r.dir, "synced.db")
	if err := os.Rename(filepath.Join(r.dir, "kw.db"), r.template); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(r.template)
	if err != nil {
		b.Fatal(err)
	}
	r.size = fi.Size()
	if dir := os.Getenv("KEEPWARM_SCALE_KEEP"); dir != "" { // a copy to look into
		r.fresh(b)
		synced := filepath.Join(dir, fmt.Sprintf("synced-%d.db", n))
		removeWAL(b, synced) // an earlier run's, which opening the copy would replay
		if err := os.Rename(filepath.Join(r.dir, "kw.db"), synced); err != nil {
			b.Fatal(err)
		}
	}
	return r
}

// fresh puts the database back as sync left it: on the disk. The copy is
// flushed before the command runs, as sync's own commits and last
// checkpoint flushed the database it wrote; otherwise the command's first
// commit pays for writing the harness's whole copy (630 MB at 100,000
// messages: about a second of the first tick on a slow disk).
func (r *scaleRig) fresh(b *testing.B) {
	b.Helper()
	path := filepath.Join(r.dir, "kw.db")
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	src, err := os.Open(r.template)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

// keep copies the database as the first tick left it into dir
// (ticked-N.db, and its -wal when there is one). A -wal or -shm an earlier
// run left beside ticked-N.db goes first: opening the copy would replay
// that run's frames over it.
func (r *scaleRig) keep(tb testing.TB, dir string) {
	tb.Helper()
	path := filepath.Join(r.dir, "kw.db")
	dst := filepath.Join(dir, fmt.Sprintf("ticked-%d.db", r.n))
	removeWAL(tb, dst)
	for _, suffix := range []string{"", "-wal"} {
		src, err := os.Open(path + suffix)
		if errors.Is(err, fs.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		out, err := os.Create(dst + suffix)
		if err == nil {
			_, err = io.Copy(out, src)
			err = errors.Join(err, out.Close())
		}
		src.Close()
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// removeWAL removes the -wal and -shm files beside the database path, if
// any.
func removeWAL(tb testing.TB, path string) {
	tb.Helper()
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			tb.Fatal(err)
		}
	}
}

// measure times the three commands, each first after the sync.
func (r *scaleRig) measure(b *testing.B) map[string]time.Duration {
	b.Helper()
	out := map[string]time.Duration{}
	b.StopTimer()
	r.fresh(b)
	b.StartTimer()
	out["customers"], out["customers-cpu"] = r.timed(b, "customers", "--json")
	b.StopTimer()
	r.fresh(b)
	b.StartTimer()
	out["tick"], out["tick-cpu"] = r.timed(b, "tick")
	if dir := os.Getenv("KEEPWARM_SCALE_KEEP"); dir != "" && !r.ticked {
		b.StopTimer()
		r.keep(b, dir)
		r.ticked = true
		b.StartTimer()
	}
	out["report"], out["report-cpu"] = r.timed(b, "report", "replies", "--format", "json", "--since", "2000-01-01")
	return out
}

// timed runs a command with its output counted and dropped, as a pipe
// would take it (holding 37 MB of JSON in a buffer is the harness's cost,
// not the command's).
//
// It also returns the CPU time the process used meanwhile (user and
// system, all threads: the command runs in this process; the in-process
// mail servers' share is small), which the machine's other load
// disturbs less than the wall time.
func (r *scaleRig) timed(b *testing.B, args ...string) (wall, cpu time.Duration) {
	b.Helper()
	var out countWriter
	if dir := os.Getenv("KEEPWARM_SCALE_CPUPROFILE"); dir != "" {
		if r.profiles == nil {
			r.profiles = map[string]int{}
		}
		r.profiles[args[0]]++
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s-%d-%d.prof", args[0], r.n, r.profiles[args[0]])))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	cpu0 := processCPU(b)
	start := time.Now()
	r.run(b, r.now, &out, args...)
	d := time.Since(start)
	cpu = processCPU(b) - cpu0
	if out == 0 {
		b.Fatalf("keepwarm %v printed nothing", args)
	}
	return d, cpu
}

// processCPU is the user and system time this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

func (r *scaleRig) must(b *testing.B, at time.Time, args ...string) string {
	b.Helper()
	var out bytes.Buffer
	r.run(b, at, &out, args...)
	return out.String()
}

func (r *scaleRig) run(b *testing.B, at time.Time, out io.Writer, args ...string) {
	b.Helper()
	var errb bytes.Buffer
	m := NewMain(strings.NewReader(""), out, &errb, func(k string) string { return r.env[k] })
	m.Clock = keepwarm.NewManualClock(at)
	level := "error"
	if l := os.Getenv("KEEPWARM_SCALE_LOG"); l != "" {
		level = l
	}
	if code := m.Run(context.Background(), append([]string{"--config", r.config, "--log-level", level}, args...)); code != 0 {
		b.Fatalf("keepwarm %v: exit %d\nstderr: %s", args, code, errb.String())
	}
	if level != "error" {
		fmt.Fprintf(os.Stderr, "keepwarm %v at %d messages:\n%s", args, r.n, errb.String())
	}
}
