package sequences

import (
	"testing"

	"keepwarm"
)

// TestStepBack: where a queued step is put back, the sequence edited since
// or not.
func TestStepBack(t *testing.T) {
	one, two := 1, 2
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
			keepwarm.OutboxItem{Key: "seq:7:1", Step: &one, StepName: "email:resend"}, 1, true},
		{"a step named twice, the second queued", keepwarm.Enrollment{ID: 7, Step: 3, Plan: []string{"email:resend", "email:product-intro", "email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:2", Step: &two, StepName: "email:resend"}, 2, true},
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
