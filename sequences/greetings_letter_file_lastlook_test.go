package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// The manager fixes a typo in the December letter's file while Bob's
// letter waits: the last look names the file as what changed (the
// template's hash recorded at the queue), not the book or the signature,
// and Bob gets one letter, with the fix.
func TestTheLastLookNamesTheLettersFileAsWhatChanged(t *testing.T) {
	r, _ := queuedDecemberLetter(t, "Bob Smith")
	r.cfg.Letters.(fstest.MapFS)["2026-12.tmpl"] = &fstest.MapFile{Data: []byte(strings.Replace(decemberLetter["2026-12.tmpl"], "what is new", "what is new with us", 1))}
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "what is new with us") {
		t.Fatalf("Bob's letters: %+v; want one, with the fix", got)
	}
	if why := skippedOf(r, sequences.OriginLetter); len(why) != 1 || !strings.Contains(why[0], "the template 2026-12.tmpl changed after the letter was queued") {
		t.Fatalf("skipped letters: %q; want the first, its file named", why)
	}
}

// A letter let go for a new plan (its key rekeyed by ForgetGreeting) whose
// skip was not recorded (keepwarm stopped before it, or the write failed)
// is not sent when looked at again: the new plan's letter goes instead.
func TestALetterLetGoForANewPlanIsNotSentAtItsNextLook(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	if err := r.db.ForgetGreeting(r.ctx, item.Key, item.ID); err != nil {
		t.Fatal(err)
	}
	again, err := r.db.OutboxItem(r.ctx, item.ID)
	if err != nil || again.Status != keepwarm.OutboxQueued || !strings.Contains(again.Key, ":replanned:") {
		t.Fatalf("the letter let go: %+v %v; want it queued under its new key", again, err)
	}
	why, err := r.job.Precheck(r.ctx, again, time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	if err != nil || why != "the letter was planned again: the new plan's one goes instead" {
		t.Fatalf("its next look: %q %v; want it skipped", why, err)
	}
}
