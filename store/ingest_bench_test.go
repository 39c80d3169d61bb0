package store

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync/parse"
)

// BenchmarkSaveBatchSync stores what BenchmarkSyncDovecot's sync stores: the
// generated mail of an export sales mailbox (KEEPWARM_BENCH_MAIL "export",
// the default: mailtest.GenExport's threads of 1-6 over 400 customers, 100
// messages a day, with auto-replies, bounces and newsletters; "tiny":
// mailtest.GenMessage's short text messages), parsed and classified as
// mailsync does, in batches of 500 into a fresh database. b.N counts whole
// syncs of KEEPWARM_BENCH_N messages (default 20,000, rounded up to whole
// batches). It reports wall and saving-thread CPU per message: the sync's
// store stage runs beside Dovecot and the parser on two cores, so both
// matter. Without IMAP in the way its CPU figure is steadier than the
// whole sync's, for comparing two versions of the store.
func BenchmarkSaveBatchSync(b *testing.B) {
	const size = 500
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("KEEPWARM_BENCH_N")); err == nil && v > 0 {
		n = (v + size - 1) / size * size
	}
	team := parse.NewTeam([]string{"keepwarm-trading.com"}, nil, []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"})
	all := make([]keepwarm.Incoming, n)
	start := time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	const every = 24 * time.Hour / 100
	opts := mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400, Start: start, Every: every}
	gen := mailtest.GenExport
	switch kind := os.Getenv("KEEPWARM_BENCH_MAIL"); kind {
	case "", "export":
	case "tiny":
		gen = mailtest.GenMessage
	default:
		b.Fatalf("KEEPWARM_BENCH_MAIL=%q: want export or tiny", kind)
	}
	for i := range all {
		raw := gen(i, opts)
		end := bytes.Index(raw, []byte("\r\n\r\n")) + 4
		m := parse.Message(raw[:end], raw[end:], int64(len(raw)))
		team.Classify(&m, keepwarm.RoleInbox)
		all[i] = keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "team", Folder: "INBOX",
			Role: keepwarm.RoleInbox, UIDValidity: 1, UID: uint32(i + 1), InternalDate: start.Add(time.Duration(i)*every + 30*time.Second)}}
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var cpu, wall time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := openTest(b)
		b.StartTimer()
		for j := 0; j < n; j += size {
			before, t := threadCPU(), time.Now()
			state := keepwarm.FolderState{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, LastUID: uint32(j + size), SyncedAt: t0}
			if _, err := db.SaveBatch(b.Context(), state, all[j:j+size]); err != nil {
				b.Fatal(err)
			}
			wall += time.Since(t)
			cpu += threadCPU() - before
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(wall.Microseconds())/float64(b.N*n), "wall-µs/msg")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*n), "cpu-µs/msg")
}
