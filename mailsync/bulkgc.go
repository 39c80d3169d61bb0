package mailsync

import (
	"math"
	"runtime/debug"
	"sync"
)

// A history's sync allocates a lot of short-lived memory (each batch's
// literals, parsed headers and rows) over a small live heap, so with Go's
// default GOGC=100 the collector runs every few megabytes. bulkGC lets the
// heap grow to bulkGCPercent over the live heap, capped by a soft memory
// limit of bulkHeapLimit so the process's peak stays where it was, while
// any folder's history is being read; the previous settings come back when
// the last one ends. An operator's own GOGC above that or GOMEMLIMIT is
// left alone.
const (
	bulkGCPercent = 400
	bulkHeapLimit = 48 << 20
)

var bulkGCState struct {
	sync.Mutex
	n        int
	oldGC    int
	oldLimit int64
	set      bool
}

// bulkGC raises the collector's target for a history's sync and returns the
// function that puts it back.
func bulkGC() (restore func()) {
	st := &bulkGCState
	st.Lock()
	defer st.Unlock()
	st.n++
	if st.n == 1 {
		st.set = false
		limit := debug.SetMemoryLimit(-1)
		if limit == math.MaxInt64 {
			old := debug.SetGCPercent(bulkGCPercent)
			if old >= 0 && old < bulkGCPercent {
				st.oldGC, st.oldLimit, st.set = old, limit, true
				debug.SetMemoryLimit(bulkHeapLimit)
			} else {
				debug.SetGCPercent(old) // GOGC=off or set higher by the operator
			}
		}
	}
	return func() {
		st.Lock()
		defer st.Unlock()
		st.n--
		if st.n == 0 && st.set {
			debug.SetMemoryLimit(st.oldLimit)
			debug.SetGCPercent(st.oldGC)
			st.set = false
		}
	}
}
