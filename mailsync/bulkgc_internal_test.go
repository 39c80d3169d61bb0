package mailsync

import (
	"math"
	"runtime/debug"
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
	if got := debug.SetMemoryLimit(-1); got != bulkHeapLimit {
		t.Errorf("memory limit during a history's sync = %d, want %d", got, bulkHeapLimit)
	}
	r1()
	if got := debug.SetMemoryLimit(-1); got != bulkHeapLimit {
		t.Errorf("memory limit after the first of two folders ended = %d, want it kept", got)
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
