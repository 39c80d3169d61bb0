package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

func (w *fuWorld) retag(at time.Time, tags ...string) {
	w.t.Helper()
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Tags: &tags}, at, "test"); err != nil {
		w.t.Fatal(err)
	}
}

// vipDir holds a sequence for customers tagged vip: the resend after 2
// days, then a call.
func vipDir(t *testing.T) string {
	dir := t.TempDir()
	vip := "name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"2d\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n" +
		"[[step]]\nafter = \"2d\"\naction = \"task\"\ntask = \"Call the VIP\"\n"
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(vip), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A change of tags alone is followed as a regrade is: a customer whose vip
// tag is removed goes back to its grade's sequence; one newly tagged vip
// follows vip; a grade E customer keeps following nothing.
func TestAChangeOfTagsIsFollowedAsARegrade(t *testing.T) {
	t.Run("tag removed", func(t *testing.T) {
		w := newFUWorldWith(t, "B", vipDir(t))
		w.retag(day0, "vip")
		w.run(day0.Add(time.Minute))
		if e := w.enrollment(); e.Sequence != "vip" {
			t.Fatalf("enrolled in %s", e.Sequence)
		}
		w.retag(day0.Add(time.Hour))
		w.run(day0.Add(2 * time.Hour))
		e := w.enrollment()
		if e.Sequence != "key-customer" || e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(day0.AddDate(0, 0, 3)) ||
			!strings.Contains(e.Reason, `customer's tags changed from "vip" to none: follows key-customer from step 1`) {
			t.Fatalf("%s %s due %s: %q", e.Sequence, e.Status, e.DueAt.In(berlin), e.Reason)
		}
	})
	t.Run("tag added", func(t *testing.T) {
		w := newFUWorldWith(t, "B", vipDir(t))
		w.run(day0.Add(time.Minute))
		w.retag(day0.Add(time.Hour), "VIP", "led")
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Sequence != "vip" {
			t.Fatalf("%s %s: %q", e.Sequence, e.Status, e.Reason)
		}
	})
	t.Run("another tag", func(t *testing.T) {
		w := newFUWorldWith(t, "B", vipDir(t))
		w.run(day0.Add(time.Minute))
		w.retag(day0.Add(time.Hour), "led")
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Sequence != "key-customer" || e.Status != keepwarm.EnrollActive {
			t.Fatalf("%s %s: %q", e.Sequence, e.Status, e.Reason)
		}
	})
	t.Run("grade E", func(t *testing.T) {
		w := newFUWorldWith(t, "B", vipDir(t))
		w.retag(day0, "vip")
		w.run(day0.Add(time.Minute))
		w.regrade("E", day0.Add(time.Hour))
		w.run(day0.Add(2 * time.Hour))
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "regraded from B to E, which follows no sequence") {
			t.Fatalf("%s %s: %q", e.Sequence, e.Status, e.Reason)
		}
	})
}
