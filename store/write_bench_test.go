package store

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"keepwarm"
)

// BenchmarkSyncWrites stores a realistic history (mailtest.History, the
// metadata of realistic export mail) into a fresh database as sync does:
// folder by folder, KEEPWARM_BENCH_BATCH copies per SaveBatch (default
// 2000, sync's largest group; 500 is one fetched batch), KEEPWARM_BENCH_N
// messages (default 100,000), through a SaveTx that commits when Due (about
// once a second) and at each folder's end; KEEPWARM_BENCH_COMMIT=batch
// commits every batch instead (DB.SaveBatch). It reports what the sync made
// the disk do beside the database it left:
//
//	commits      transactions committed
//	db_MB        the database file and its WAL after Close
//	wal_peak_MB  the largest the WAL (or the first sync's journal) file
//	             was after a commit
//	written_MB   bytes this process caused to be written to storage
//	             (write_bytes in /proc/self/io; pages rewritten while still
//	             dirty in the page cache count once)
//	wchar_MB     bytes passed to write calls (every rewrite counts)
//	written_x    written_MB / db_MB (issue goal <= 2)
//	wall-µs/msg  the store's time per message
//	cpu-µs/msg   the storing thread's CPU per message (the checkpointer's
//	             runs on its own)
//	proc-cpu-µs/msg  the whole process's, the checkpointer's included
//
// The database is opened as `keepwarm sync` opens a new one (FirstSync: a
// rollback journal until Close puts it in WAL); KEEPWARM_BENCH_WAL=1 keeps
// it in WAL throughout, as before.
//
// KEEPWARM_BENCH_DB=PATH keeps the database there (for sqlite3's dbstat).
//
// Run: go test -run '^$' -bench SyncWrites -benchtime 1x ./store/
func BenchmarkSyncWrites(b *testing.B) {
	n, size := 100_000, 2000
	if v, err := strconv.Atoi(os.Getenv("KEEPWARM_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	if v, err := strconv.Atoi(os.Getenv("KEEPWARM_BENCH_BATCH")); err == nil && v > 0 {
		size = v
	}
	perBatch := os.Getenv("KEEPWARM_BENCH_COMMIT") == "batch"
	folders, _ := historyFolders(n)
	runtime.LockOSThread() // threadCPU measures this goroutine's thread
	defer runtime.UnlockOSThread()
	var dbMB, writtenMB, wcharMB, wall, cpu, pcpu float64
	var commits int
	var walPeak float64
	for range b.N {
		path := filepath.Join(b.TempDir(), "kw.db")
		if keep := os.Getenv("KEEPWARM_BENCH_DB"); keep != "" {
			path = keep // kept for a look (sqlite3's dbstat); must not exist yet
		}
		var opts []OpenOption
		if os.Getenv("KEEPWARM_BENCH_WAL") == "" {
			opts = append(opts, FirstSync())
		}
		db, err := Open(context.Background(), path, t0, opts...)
		if err != nil {
			b.Fatal(err)
		}
		w0, c0 := procIO(b)
		runtime.GC() // the history's garbage is not the store's
		start, cpu0, pcpu0 := time.Now(), threadCPU(), processCPU()
		commits, walPeak = 0, 0
		for _, all := range folders {
			var tx keepwarm.SaveTx
			if perBatch {
				commits += (len(all) + size - 1) / size
			} else {
				tx = db.BeginSave()
			}
			for i := 0; i < len(all); i += size {
				batch := all[i:min(i+size, len(all))]
				st := keepwarm.FolderState{Mailbox: all[0].Copy.Mailbox, Folder: all[0].Copy.Folder, UIDValidity: 1,
					LastUID: batch[len(batch)-1].Copy.UID, SyncedAt: batch[len(batch)-1].Copy.InternalDate}
				if tx == nil {
					if _, err := db.SaveBatch(context.Background(), st, batch); err != nil {
						b.Fatal(err)
					}
					walPeak = max(walPeak, fileMB(path+"-wal"), fileMB(path+"-journal"))
					continue
				}
				if _, err := tx.SaveBatch(context.Background(), st, batch); err != nil {
					b.Fatal(err)
				}
				if tx.Due() {
					commits++
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
					walPeak = max(walPeak, fileMB(path+"-wal"), fileMB(path+"-journal"))
				}
			}
			if tx != nil {
				commits++
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			walPeak = max(walPeak, fileMB(path+"-wal"), fileMB(path+"-journal"))
		}
		wall = float64(time.Since(start).Microseconds()) / float64(n)
		cpu = float64((threadCPU() - cpu0).Microseconds()) / float64(n)
		pcpu = float64((processCPU() - pcpu0).Microseconds()) / float64(n)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		w1, c1 := procIO(b)
		writtenMB, wcharMB = float64(w1-w0)/1e6, float64(c1-c0)/1e6
		dbMB = 0
		for _, p := range []string{path, path + "-wal"} {
			if fi, err := os.Stat(p); err == nil {
				dbMB += float64(fi.Size()) / 1e6
			}
		}
	}
	b.ReportMetric(float64(commits), "commits")
	b.ReportMetric(dbMB, "db_MB")
	b.ReportMetric(walPeak, "wal_peak_MB")
	b.ReportMetric(writtenMB, "written_MB")
	b.ReportMetric(wcharMB, "wchar_MB")
	b.ReportMetric(writtenMB/dbMB, "written_x")
	b.ReportMetric(wall, "wall-µs/msg")
	b.ReportMetric(cpu, "cpu-µs/msg")
	b.ReportMetric(pcpu, "proc-cpu-µs/msg")
}

// procIO reads write_bytes and wchar from /proc/self/io.
func procIO(b *testing.B) (writeBytes, wchar int64) {
	f, err := os.Open("/proc/self/io")
	if err != nil {
		b.Skipf("no /proc/self/io: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "write_bytes":
			writeBytes = n
		case "wchar":
			wchar = n
		}
	}
	return writeBytes, wchar
}

// processCPU is the CPU time of the whole process, every thread's.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// fileMB is the size of the file at path in MB, 0 when there is none.
func fileMB(path string) float64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return float64(fi.Size()) / 1e6
}
