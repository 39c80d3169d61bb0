package sequences

import (
	"strings"
	"testing"

	"keepwarm"
)

// TestStepBack: where a queued step is put back, the sequence edited since
// or not.
func TestStepBack(t *testing.T) {
	zero, one, two := 0, 1, 2
	cases := []struct {
		name string
		e    keepwarm.Enrollment
		it   keepwarm.OutboxItem
		at   int
		ok   bool
	}{
		{"not moved on from it", keepwarm.Enrollment{ID: 7, Step: 1, Plan: []string{"email:resend", "email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:product-intro"}, 1, true},
		{"moved on from it", keepwarm.Enrollment{ID: 7, Step: 2, Plan: []string{"email:resend", "email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:product-intro"}, 1, true},
		{"the step before it removed", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:product-intro"}, 0, true},
		{"a step put before it", keepwarm.Enrollment{ID: 7, Step: 3, Plan: []string{"task:welcome", "email:resend", "email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:product-intro"}, 2, true},
		{"an older try of the step it is at again, the step before the same", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:resend", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:resend", StepNth: 2}, 1, true},
		// The same inputs but the step it was: the welcome task before
		// the two resends removed, the first resend queued.
		{"an edit landed it on the next same-named step", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:resend", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:resend", StepNth: 1}, 0, true},
		{"an older try of the step it is at again, counted before steps were", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:resend", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:resend"}, 1, true},
		{"a step named twice, the second queued", keepwarm.Enrollment{ID: 7, Step: 3, Plan: []string{"email:resend", "email:product-intro", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:2", Step: &two, StepName: "email:resend", StepNth: 2}, 2, true},
		{"a step named twice, the first queued, a step put before", keepwarm.Enrollment{ID: 7, Step: 2, Plan: []string{"task:welcome", "email:resend", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:0", Step: &zero, StepName: "email:resend", StepNth: 1}, 1, true},
		{"a step named twice, the second queued, the edit left one", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:resend", StepNth: 2}, 0, false},
		{"removed by the edit", keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Plan: []string{"email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:product-intro"}, 0, false},
		{"queued before steps were named, no edit", keepwarm.Enrollment{ID: 7, Step: 2, Plan: []string{"email:resend", "email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one}, 1, true},
		{"queued before steps were named, an edit since", keepwarm.Enrollment{ID: 7, Step: 2, Redo: 1, Plan: []string{"email:resend", "task:call", "task:visit"}},
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one}, 0, false},
	}
	for _, c := range cases {
		if at, ok := stepBack(c.e, c.it); ok != c.ok || ok && at != c.at {
			t.Errorf("%s: at %d ok %v; want %d %v", c.name, at, ok, c.at, c.ok)
		}
	}
}

// TestStepGone: a queued step not put back says why when the edit removed
// it, of a step named twice too.
func TestStepGone(t *testing.T) {
	two := 2
	e := keepwarm.Enrollment{ID: 7, Step: 1, Redo: 1, Sequence: "key-customer", Plan: []string{"email:resend", "task:call"}}
	got := stepGone(e, keepwarm.OutboxItem{Key: "seq:7:1", Step: &two, StepName: "email:resend", StepNth: 2})
	if !strings.Contains(got, "number 2 of that name, is no longer in sequence key-customer, which has 1, and is not done again") {
		t.Errorf("the second resend of a plan left with one: %q", got)
	}
	if got := stepGone(e, keepwarm.OutboxItem{Key: "seq:7:1", Step: &two, StepName: "email:resend", StepNth: 1}); got != "" {
		t.Errorf("the first resend, still there: %q", got)
	}
}

// TestStepGoneQueuedBeforeStepsWereNamed: mail queued before items named
// their step, its follow-up moved since (a welcome call put first), is not
// put back, and the skip says so rather than nothing.
func TestStepGoneQueuedBeforeStepsWereNamed(t *testing.T) {
	one := 1
	e := keepwarm.Enrollment{ID: 7, Step: 3, Sequence: "key-customer", Plan: []string{"task:welcome", "email:resend", "email:product-intro", "task:call"}}
	it := keepwarm.OutboxItem{Key: "seq:7:1", Step: &one}
	if at, ok := stepBack(e, it); ok {
		t.Fatalf("put back at %d: keepwarm cannot tell which step it is", at)
	}
	if got := stepGone(e, it); !strings.Contains(got, "its step 2 was queued before keepwarm noted which step a mail is") || !strings.Contains(got, "not done again; send it by hand") {
		t.Errorf("the skip says %q", got)
	}
}
