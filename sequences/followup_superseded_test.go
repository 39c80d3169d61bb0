package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// Hans's second step (a mail) is queued when the manager removes the
// first step from key-customer: the follow-up, realigned by what it did,
// now waits at the same step number under a fresh outbox key. The queued
// mail is the step it did, not an older try of a step done again: it
// goes, once. The send's last look took the other key for a put-back and
// skipped it, and the follow-up went on as if it had gone.
func TestAQueuedStepAnEditMovesTheFollowUpBackOntoGoes(t *testing.T) {
	ctx := context.Background()
	body, err := readDefault("key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	// Step 2 renders in the rig without a catalog, and does another
	// thing than step 1 (of a step named twice, the plan left with one
	// resend has it done: TestStepBack).
	body = strings.Replace(body, `template = "product-intro"`, `template = "thanksgiving"`, 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	day3 := day0.AddDate(0, 0, 3)
	w.run(day3)
	w.sendAll(day3.Add(time.Minute))
	day7 := day0.AddDate(0, 0, 7)
	w.run(day7)
	var a keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxQueued && it.Step != nil && *it.Step == 1 {
			a = it
		}
	}
	if a.ID == 0 {
		t.Fatalf("step 2 not queued: %+v", w.outbox())
	}

	// The first step removed.
	first := strings.Index(body, "[[step]]")
	second := first + len("[[step]]") + strings.Index(body[first+len("[[step]]"):], "[[step]]")
	edited := body[:first] + body[second:]
	dir2 := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir2, "key-customer.toml"), []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir2)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, _ := templates.Load(templates.Defaults())
	if _, err := w.job.Reload(ctx, defs, set, day7.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Step != 1 || sequences.StepKey(e) == a.Key {
		t.Fatalf("the follow-up after the edit: step %d key %s; want it at the same step number under another key than %s", e.Step, sequences.StepKey(e), a.Key)
	}
	reason, err := w.job.Recheck(ctx, w.item(a.ID), day7.Add(2*time.Minute))
	if err != nil || reason != "" {
		t.Fatalf("the last look of the queued step 2: %q, %v; want it sent", reason, err)
	}
	for d := 0; d <= 7; d++ {
		at := day7.Add(3*time.Minute).AddDate(0, 0, d)
		w.look(at)
		w.run(at.Add(time.Minute))
	}
	sent := 0
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxSent {
			sent++
		}
	}
	if sent != 2 {
		for _, it := range w.outbox() {
			t.Logf("outbox %d %s %s %q", it.ID, it.Key, it.Status, it.LastError)
		}
		t.Fatalf("%d mails sent; want the resend and step 2, once each", sent)
	}
}
