package sequences_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A customer regraded to a sequence that has the step it waits for at a
// lower index, where the follow-up did another step already: the step is
// done in the new sequence, not taken as done by the earlier step's mail
// under the same index's key.
func TestARegradeToALowerIndexDoesTheStep(t *testing.T) {
	dir := t.TempDir()
	// Both sequences end with the same three steps; the key-customer one
	// has a resend before them, so each step sits one index lower in the
	// secondary sequence.
	laterSteps := `
[[step]]
after = "4d"
days = "calendar"
action = "email"
template = "product-intro"

[[step]]
after = "3d"
days = "calendar"
action = "email"
template = "new-year"

[[step]]
after = "3d"
days = "calendar"
action = "task"
task = "Phone the customer"
`
	key := `name = "key-customer"
grades = ["A", "B"]
mode = "send"

[[step]]
after = "3d"
days = "calendar"
action = "email"
template = "resend"
in_thread = true
` + laterSteps
	secondary := `name = "secondary"
grades = ["C", "D"]
mode = "send"
` + laterSteps
	for name, body := range map[string]string{"key-customer.toml": key, "secondary.toml": secondary} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.run(day0.AddDate(0, 0, 7)) // product introduction (skipped: no catalog)
	w.sendAll(day0.AddDate(0, 0, 7).Add(time.Minute))
	if e := w.enrollment(); e.Step != 2 || len(w.outbox()) != 2 {
		t.Fatalf("before the regrade: step %d, %d items", e.Step, len(w.outbox()))
	}
	w.regrade("C", day0.AddDate(0, 0, 8))
	for d := 8; d <= 20; d++ {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	if items := w.outbox(); len(items) != 3 {
		t.Fatalf("%d items after the regrade, want the resend, the product introduction and the third step: %+v", len(items), w.enrollment())
	}
}
