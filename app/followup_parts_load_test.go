package app

import (
	"context"
	"testing"
	"time"
)

// The tick's follow-up job is built from one load of the sequences and
// templates: the warnings checked at start (SendProblems, the kinds'
// fields) read the same set, not a second load and check of every file
// (some 10 ms of every tick).
func TestFollowUpPartsLoadTheFilesOnce(t *testing.T) {
	w := newFUApp(t, "", time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC))
	w.a.Getenv = func(string) string { return "pw" }
	before := sequencesLoaded.Load()
	job, pre, off, err := w.a.FollowUpParts(context.Background(), nil)
	if err != nil || off != nil || job == nil || pre == nil {
		t.Fatalf("follow-up parts: job %v, precheck %v, off %v, err %v", job != nil, pre != nil, off, err)
	}
	if n := sequencesLoaded.Load() - before; n != 1 {
		t.Errorf("the sequences and templates loaded %d times to build the follow-up job", n)
	}
}
