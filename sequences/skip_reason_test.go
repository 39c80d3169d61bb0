package sequences

import (
	"testing"
	"time"

	"keepwarm"
)

// skipWordings are the reasons a person's skip, and the texts near it,
// leave in an outbox item's LastError, old ones from stored data too.
var skipWordings = []struct {
	name   string
	reason string
	want   PersonSkip
}{
	{"desk or customer page Skip", "skipped by ann@example.com",
		PersonSkip{Plain: true, By: "ann@example.com"}},
	{"greeting's Skip", "skipped by ann@example.com before it went out",
		PersonSkip{Plain: true, By: "ann@example.com"}},
	{"SkipStep of an older mail", "skipped by ann@example.com with step 3",
		PersonSkip{Plain: true, By: "ann@example.com"}},
	{"PutBackSkip", "skipped by ann@example.com (step 2 is done again when the follow-up is resumed)",
		PersonSkip{Plain: true, PutBack: true, By: "ann@example.com"}},
	{"SkipStep's record", "step 2 skipped by ann@example.com",
		PersonSkip{Step: true, By: "ann@example.com"}},
	{"SkipStep's record, step 12", "step 12 skipped by bo@example.com",
		PersonSkip{Step: true, By: "bo@example.com"}},
	{"no one named", "skipped by ",
		PersonSkip{Plain: true, By: "a person"}},
	{"step without a number", "step x skipped by ann@example.com",
		PersonSkip{By: "ann@example.com"}},
	{"capitalised", "Skipped by ann@example.com",
		PersonSkip{By: "a person"}},
	{"resumed, no parentheses", "step 2 is done again when the follow-up is resumed",
		PersonSkip{By: "a person"}},
	{"resumed note only", " (step 2 is done again when the follow-up is resumed)",
		PersonSkip{PutBack: true, By: "a person"}},
	{"redone after resume", "step 2 is done again (the follow-up was resumed)",
		PersonSkip{By: "a person"}},
	{"resumed by a person", "resumed by a person: step 2 is done again",
		PersonSkip{By: "a person"}},
	{"the send's last look", "enrollment 4: step 2 was put back and is done again under outbox key k:r1; this older mail of it (k) is not sent",
		PersonSkip{By: "a person"}},
	{"empty", "", PersonSkip{By: "a person"}},
}

// TestReadSkipReadsEveryWording: the one reader of a skip's reason takes
// each wording as it was taken before it read them all.
func TestReadSkipReadsEveryWording(t *testing.T) {
	for _, c := range skipWordings {
		if got := ReadSkip(c.reason); got != c.want {
			t.Errorf("%s: ReadSkip(%q) = %+v, want %+v", c.name, c.reason, got, c.want)
		}
	}
}

// TestSkipReadersKeepTheirWordings: stoppedByPerson, skippedForGood,
// skippedBy and fromOlderMail read each wording as they did.
func TestSkipReadersKeepTheirWordings(t *testing.T) {
	queued := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := queued.Add(-48 * time.Hour)
	for _, c := range skipWordings {
		for _, st := range []keepwarm.OutboxStatus{keepwarm.OutboxSkipped, keepwarm.OutboxQueued} {
			it := keepwarm.OutboxItem{Status: st, LastError: c.reason, CreatedAt: queued}
			skipped := st == keepwarm.OutboxSkipped
			if got, want := stoppedByPerson(it), skipped && c.want.Plain; got != want {
				t.Errorf("%s (%s): stoppedByPerson = %v, want %v", c.name, st, got, want)
			}
			if got, want := skippedForGood(it), skipped && ((c.want.Plain && !c.want.PutBack) || c.want.Step); got != want {
				t.Errorf("%s (%s): skippedForGood = %v, want %v", c.name, st, got, want)
			}
			if got := skippedBy(it); got != c.want.By {
				t.Errorf("%s (%s): skippedBy = %q, want %q", c.name, st, got, c.want.By)
			}
			e := keepwarm.Enrollment{ClockAt: clock}
			want := queued
			if skipped && c.want.Step {
				want = clock
			}
			if got := fromOlderMail(&e, it); !got.Equal(want) || !e.DueAt.Equal(want) {
				t.Errorf("%s (%s): fromOlderMail = %v (due %v), want %v", c.name, st, got, e.DueAt, want)
			}
		}
	}
}
