package mailsync

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A history's sync allocates a lot of short-lived memory (each batch's
// literals, parsed headers and rows) over a small live heap, so with Go's
// default GOGC=100 the collector runs every few megabytes. bulkGC lets the
// heap grow to bulkGCPercent over the live heap, capped by a soft memory
// limit so the process's peak stays near where it was, while any folder's
// history is being read; the previous settings come back when the last one
// ends. An operator's own GOGC above that or GOMEMLIMIT is left alone.
//
// The limit is bulkHeapLimit, or more in a process whose heap is already
// larger (`keepwarm run` with the web desk and other mailboxes' syncs):
// at least the heap goal the previous setting had when the history began,
// plus the memory the runtime holds beside the heap, so the collector
// never runs more often than it would have.
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
		goal := heapGoalAndOverhead()
		limit := debug.SetMemoryLimit(-1)
		if limit == math.MaxInt64 {
			old := debug.SetGCPercent(bulkGCPercent)
			if old >= 0 && old < bulkGCPercent {
				st.oldGC, st.oldLimit, st.set = old, limit, true
				debug.SetMemoryLimit(max(bulkHeapLimit, goal))
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

// heapGoalAndOverhead is the collector's current heap goal plus the memory
// the runtime holds that is not heap objects (stacks, metadata, free and
// unused heap) plus the headroom the runtime keeps below a memory limit
// (3 %, at least 1 MiB; 4 % and 1 MiB here): a soft memory limit at least
// this large leaves the heap goal where the current setting puts it.
func heapGoalAndOverhead() int64 {
	ms := []metrics.Sample{
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(ms)
	for _, m := range ms {
		if m.Value.Kind() != metrics.KindUint64 {
			return 0
		}
	}
	goal, total, objects := ms[0].Value.Uint64(), ms[1].Value.Uint64(), ms[2].Value.Uint64()
	need := goal + goal/25 + 1<<20 + total - objects
	if total < objects || need > math.MaxInt64 {
		return 0
	}
	return int64(need)
}
