package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A customer regraded to a sequence whose window never opens for them, and
// a step Lily says arrived under such a window: the follow-up's due time
// is never the zero time (the desk listed it as overdue since the year 1
// until the next look failed it).
func TestNoDueTimeOfTheYearOneUnderAWindowThatNeverOpens(t *testing.T) {
	ctx := context.Background()
	t.Run("regraded", func(t *testing.T) {
		dir := t.TempDir()
		body, err := os.ReadFile("defaults/secondary.toml")
		if err != nil {
			t.Fatal(err)
		}
		body = []byte(strings.Replace(string(body), "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n", 1))
		if err := os.WriteFile(filepath.Join(dir, "secondary.toml"), body, 0o600); err != nil {
			t.Fatal(err)
		}
		w := newFUWorldWith(t, "A", dir)
		w.run(day0.Add(time.Minute))
		w.regrade("C", day0.AddDate(0, 0, 1))
		w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
		if e := w.enrollment(); e.Sequence != "secondary" || e.DueAt.Year() < 2000 {
			t.Fatalf("after the regrade: %s, due %s (%s, %q)", e.Sequence, e.DueAt, e.Status, e.Reason)
		}
	})
	t.Run("arrived", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		item := w.failResend()
		defs, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
		now := day0.AddDate(0, 0, 12)
		if _, err := w.job.Reload(ctx, defs, set, now); err != nil {
			t.Fatal(err)
		}
		e, err := w.job.Arrived(ctx, *item.Enrollment, "lily@seller.example", now)
		if err != nil || e.Step != 1 || e.DueAt.Year() < 2000 {
			t.Fatalf("arrived: step %d, due %s, %v", e.Step, e.DueAt, err)
		}
	})
}
