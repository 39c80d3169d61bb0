package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Lily marks an uncertain greeting "It arrived" while her mailbox is over
// its quota: the copy's note goes after hers and, once the copy is filed
// or given up, only the copy's note changes; who learnt it arrived stays.
func TestCopyNotesKeepTheArrivedNote(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	const arrived = "arrived, as lily@seller.example learnt from the recipient"
	for _, end := range []string{"filed", "given up"} {
		db := openTest(t)
		it := testItem("greet:1:christmas:2026", t0)
		it.Origin, it.Sequence, it.Step = "greeting", "", nil
		x, _, err := db.Enqueue(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Claim(ctx, x.ID, t0.Add(time.Hour)); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if err := db.MarkUncertain(ctx, x.ID, "mailsync: smtp: EOF after DATA"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MarkSendArrived(ctx, x.ID, "lily@seller.example"); err != nil {
			t.Fatal(err)
		}
		note := func() string {
			t.Helper()
			got, err := db.OutboxItem(ctx, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.LastError
		}
		for i, why := range []string{"NO [OVERQUOTA] Quota exceeded", "NO [OVERQUOTA] still over"} {
			retry := t0.Add(time.Duration(2+i) * time.Hour)
			if err := db.NoteCopyUnfiled(ctx, x.ID, why, retry); err != nil {
				t.Fatal(err)
			}
			if got, err := db.OutboxItem(ctx, x.ID); err != nil || !got.NextAttemptAt.Equal(retry) {
				t.Fatalf("the copy's next try: %v (%v); want %v", got.NextAttemptAt, err, retry)
			}
			if got := note(); got != arrived+"; "+CopyUnfiled+why {
				t.Fatalf("unfiled: %q", got)
			}
			if w, ok := CopyUnfiledWhy(note()); !ok || w != why {
				t.Fatalf("CopyUnfiledWhy: %q %v", w, ok)
			}
		}
		if end == "filed" {
			if err := db.MarkAppended(ctx, x.ID, t0.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got := note(); got != arrived {
				t.Fatalf("filed: %q", got)
			}
			continue
		}
		if err := db.GiveUpCopy(ctx, x.ID, t0.Add(2*time.Hour), "sent; its copy could not be filed in Sent: NO [TOOBIG]"); err != nil {
			t.Fatal(err)
		}
		if got := note(); got != arrived+"; sent; its copy could not be filed in Sent: NO [TOOBIG]" || !strings.HasPrefix(got, "arrived, as") {
			t.Fatalf("given up: %q", got)
		}
	}
	// Alone, the notes are as before.
	db := openTest(t)
	x, _, err := db.Enqueue(ctx, testItem("seq:x:1", t0))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Claim(ctx, x.ID, t0); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkSent(ctx, x.ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.NoteCopyUnfiled(ctx, x.ID, "NO x", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.OutboxItem(ctx, x.ID); got.LastError != CopyUnfiled+"NO x" {
		t.Fatalf("alone: %q", got.LastError)
	}
	if err := db.MarkAppended(ctx, x.ID, t0); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.OutboxItem(ctx, x.ID); got.LastError != "" {
		t.Fatalf("alone, filed: %q", got.LastError)
	}
}
