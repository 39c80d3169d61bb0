package mailsync

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// TestBulkGC checks that a history's sync raises the collector's target and
// caps the heap, that overlapping folders restore the settings only when the
// last ends, and that an operator's GOMEMLIMIT is left alone.
func TestBulkGC(t *testing.T) {
	oldGC := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(oldGC); debug.SetMemoryLimit(oldLimit) })

	r1 := bulkGC()
	r2 := bulkGC()
	if got := debug.SetGCPercent(-1); got != bulkGCPercent {
		t.Errorf("GC percent during a history's sync = %d, want %d", got, bulkGCPercent)
	}
	debug.SetGCPercent(bulkGCPercent)
	during := debug.SetMemoryLimit(-1)
	if during < bulkHeapLimit || during == math.MaxInt64 {
		t.Errorf("memory limit during a history's sync = %d, want at least %d", during, bulkHeapLimit)
	}
	r1()
	if got := debug.SetMemoryLimit(-1); got != during {
		t.Errorf("memory limit after the first of two folders ended = %d, want it kept (%d)", got, during)
	}
	r2()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent after = %d, want 100 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit after = %d, want none", got)
	}

	debug.SetMemoryLimit(200 << 20) // the operator's GOMEMLIMIT
	r := bulkGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent with GOMEMLIMIT set = %d, want the operator's 100", got)
	}
	r()
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Errorf("memory limit with GOMEMLIMIT set = %d, want the operator's", got)
	}
}

// TestBulkGCNeverCollectsMoreOften: in a process whose live heap is
// already large (the daemon's), the history's settings do not bring the
// heap goal below where the default setting had it: the cap is at least
// that goal, so the collector runs no more often than before.
func TestBulkGCNeverCollectsMoreOften(t *testing.T) {
	oldGC := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(oldGC); debug.SetMemoryLimit(oldLimit) })
	live := make([][]byte, 40)
	for i := range live {
		live[i] = make([]byte, 1<<20)
		live[i][0] = byte(i)
	}
	runtime.GC()
	before := heapGoal()
	restore := bulkGC()
	runtime.GC()
	during := heapGoal()
	restore()
	runtime.KeepAlive(live)
	if during < before {
		t.Fatalf("heap goal with 40 MiB live: %d bytes during a history's sync, %d before; want no lower",
			during, before)
	}
}

func heapGoal() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
