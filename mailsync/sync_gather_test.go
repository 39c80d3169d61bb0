package mailsync

import (
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
)

func parsedBatch(uids ...uint32) fetchedBatch {
	var b fetchedBatch
	for _, u := range uids {
		b.parsed = append(b.parsed, keepwarm.Incoming{Copy: keepwarm.Copy{UID: u}})
	}
	return b
}

func uidsOf(b fetchedBatch) []uint32 {
	var out []uint32
	for _, in := range b.parsed {
		out = append(out, in.Copy.UID)
	}
	return out
}

// TestGather: a store that fell behind takes what waits, in order, up to
// storeGroup batches; it never waits for more, and it stops after the
// folder's last batch or a failed fetch.
func TestGather(t *testing.T) {
	fill := func(bs ...fetchedBatch) chan fetchedBatch {
		ch := make(chan fetchedBatch, len(bs))
		for _, b := range bs {
			ch <- b
		}
		return ch
	}
	boom := errors.New("connection reset")

	// Nothing waiting: the batch is stored alone, at once.
	if got := gather(parsedBatch(1, 2), fill(), 4); !slices.Equal(uidsOf(got), []uint32{1, 2}) {
		t.Errorf("alone: %v", uidsOf(got))
	}

	// Five waiting, room for four in all: three are taken, two stay.
	more := fill(parsedBatch(3), parsedBatch(4), parsedBatch(5), parsedBatch(6), parsedBatch(7))
	got := gather(parsedBatch(1, 2), more, 4)
	if !slices.Equal(uidsOf(got), []uint32{1, 2, 3, 4, 5}) || len(more) != 2 {
		t.Errorf("grouped %v, %d left waiting", uidsOf(got), len(more))
	}

	// The folder's last batch ends the group and marks it last.
	last := parsedBatch(4)
	last.last = true
	more = fill(parsedBatch(3), last, parsedBatch(9))
	got = gather(parsedBatch(1), more, 4)
	if !got.last || !slices.Equal(uidsOf(got), []uint32{1, 3, 4}) || len(more) != 1 {
		t.Errorf("last: %v last=%v, %d left", uidsOf(got), got.last, len(more))
	}

	// A failed fetch ends the group: what came before is kept with the error.
	more = fill(parsedBatch(3), fetchedBatch{err: boom}, parsedBatch(9))
	got = gather(parsedBatch(1), more, 4)
	if !errors.Is(got.err, boom) || !slices.Equal(uidsOf(got), []uint32{1, 3}) || len(more) != 1 {
		t.Errorf("error: %v err=%v, %d left", uidsOf(got), got.err, len(more))
	}

	// A closed channel ends the group too.
	closed := fill(parsedBatch(3))
	close(closed)
	if got := gather(parsedBatch(1), closed, 4); !slices.Equal(uidsOf(got), []uint32{1, 3}) {
		t.Errorf("closed: %v", uidsOf(got))
	}
}

// receive with a transaction open commits it as soon as it is due while no
// batch comes, so a stalled fetch never holds other writers out; with none
// open it just waits for the next batch.
func TestReceiveCommitsWhenDue(t *testing.T) {
	batches := make(chan fetchedBatch, 1)
	var due atomic.Bool
	commits := 0
	commit := func() error { commits++; due.Store(false); return nil }
	got := make(chan fetchedBatch)
	go func() {
		b, _, _ := receive(batches, due.Load, commit)
		got <- b
	}()
	time.Sleep(3 * dueEvery)
	if commits != 0 {
		t.Fatal("committed before the transaction was due")
	}
	due.Store(true)
	select {
	case b := <-got:
		t.Fatalf("receive returned %v with no batch sent", uidsOf(b))
	case <-time.After(10 * time.Second):
		t.Fatal("no commit 10 s after the transaction fell due")
	case <-func() chan struct{} {
		ch := make(chan struct{})
		go func() {
			for due.Load() {
				time.Sleep(time.Millisecond)
			}
			close(ch)
		}()
		return ch
	}():
	}
	batches <- parsedBatch(7)
	if b := <-got; !slices.Equal(uidsOf(b), []uint32{7}) || commits != 1 {
		t.Fatalf("received %v after %d commits; want [7] after 1", uidsOf(b), commits)
	}

	// Nothing open: no commit, however long it waits.
	go func() {
		b, _, _ := receive(batches, nil, func() error { t.Error("commit with nothing open"); return nil })
		got <- b
	}()
	time.Sleep(3 * dueEvery)
	batches <- parsedBatch(8)
	if b := <-got; !slices.Equal(uidsOf(b), []uint32{8}) {
		t.Fatalf("received %v; want [8]", uidsOf(b))
	}
}
