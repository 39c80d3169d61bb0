package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Hans, tagged vip, follows vip: the resend, a thanksgiving mail, then a
// second resend. The thanksgiving mail is queued when Lily removes the vip
// tag: the last look moves the follow-up back to key-customer, where it
// goes on with product-intro, and the thanksgiving mail, a step
// key-customer has not, is not sent. The skip names the cause, the change
// of the customer's tags; it said "an edit replaced or removed it", and
// nobody had edited anything.
func TestAQueuedStepARetagLeftOutNamesTheRetag(t *testing.T) {
	dir := t.TempDir()
	vip := "name = \"vip\"\ntags = [\"vip\"]\n" +
		"[[step]]\nafter = \"2d\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n" +
		"[[step]]\nafter = \"4d\"\naction = \"email\"\ntemplate = \"thanksgiving\"\n" +
		"[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n"
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(vip), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "B", dir)
	w.retag(day0, "vip")
	w.run(day0.Add(time.Minute))
	var a keepwarm.OutboxItem
	var at time.Time
	for d := 1; d <= 10 && a.ID == 0; d++ {
		at = day0.AddDate(0, 0, d)
		w.run(at)
		for _, it := range w.outbox() {
			if it.StepName == "email:thanksgiving" {
				a = it
			}
		}
		if a.ID == 0 {
			w.sendAll(at.Add(time.Minute))
		}
	}
	if e := w.enrollment(); e.Sequence != "vip" || e.Step != 2 || a.ID == 0 {
		t.Fatalf("before the retag: %s at step %d, thanksgiving mail %+v; want vip at step 3, the mail there", e.Sequence, e.Step+1, a)
	}
	at = at.Add(time.Hour)
	w.retag(at)
	reason, err := w.job.Recheck(context.Background(), w.item(a.ID), at.Add(time.Minute))
	if err != nil || reason == "" {
		t.Fatalf("the last look after the retag: %q, %v; want the mail skipped", reason, err)
	}
	if e := w.enrollment(); e.Sequence != "key-customer" || e.Status != keepwarm.EnrollActive {
		t.Fatalf("the follow-up after the retag: %s %s (%s); want key-customer, running", e.Sequence, e.Status, e.Reason)
	}
	if strings.Contains(reason, "an edit") || !strings.Contains(reason, "the change of the customer's tags moved the follow-up from sequence vip to key-customer, which has no step thanksgiving") {
		t.Errorf("the skip after the retag says %q; want the change of tags named, not an edit", reason)
	}
}

// Hans's second step (thanksgiving here) is queued and held when the
// manager replaces it with a task (samples by courier). Its last look,
// before the task falls due, skips the mail and says the follow-up goes
// on with the task, not that the task goes "in its place" of the mail:
// no mail goes in its place.
func TestAQueuedMailATaskReplacedDoesNotSayItGoesInItsPlace(t *testing.T) {
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", namedThanksgiving)
	task := "action = \"task\"\ntask = \"Send samples by courier\""
	w.reloadKeyCustomer(strings.Replace(body, "action = \"email\"\ntemplate = \"thanksgiving\"", task, 1), day7.Add(2*time.Hour))
	if e := w.enrollment(); e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("the follow-up after the edit: %s at step %d (%s); want active at step 2", e.Status, e.Step+1, e.Reason)
	}
	reason, err := w.job.Recheck(context.Background(), w.item(a.ID), day7.Add(3*time.Hour))
	if err != nil || !strings.Contains(reason, "(an edit replaced or removed it); it goes on with step 2 (the task)") || strings.Contains(reason, "in its place") {
		t.Errorf("the last look of the replaced mail: %q, %v; want it skipped, going on with the task, not in its place", reason, err)
	}
}
