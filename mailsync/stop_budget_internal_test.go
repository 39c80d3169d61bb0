package mailsync

import (
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"keepwarm"
)

// The stop the README tells systemd and docker to allow covers what a
// stop of `keepwarm run` may take: the sender's StopBudget (a send's
// grace, its record and copy, Flush), Flush's first try, which runs on a
// context of its own past the one Close gives it, and a margin for the
// rest of shutdown and the exit. Short of it, a slow stop is killed while
// Flush still writes what the server answered.
func TestDocumentedStopTimeoutCoversTheStopBudget(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	snd, err := NewSender(nil, nil, keepwarm.SystemClock{}, log)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(nil, snd, keepwarm.SystemClock{}, log, DispatcherOptions{})
	need := d.StopBudget() + recordTimeout + 10*time.Second
	for _, re := range []string{`(?m)^TimeoutStopSec=(\d+)s$`, "`docker stop -t (\\d+)`"} {
		all := regexp.MustCompile(re).FindAllSubmatch(readme, -1)
		if len(all) == 0 {
			t.Fatalf("README gives no %s", re)
		}
		for _, m := range all {
			n, _ := strconv.Atoi(string(m[1]))
			if got := time.Duration(n) * time.Second; got < need {
				t.Errorf("README's %s allows a stop %s; keepwarm run may need %s (StopBudget %s)", m[0], got, need, d.StopBudget())
			}
		}
	}
}
