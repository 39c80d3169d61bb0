package cli

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// With no [notify] sender, `digest --send` for the team says once that
// digests cannot be sent, not once per salesperson with news.
func TestDigestSendWithoutNotifySaysSoOnce(t *testing.T) {
	r := newDigestRig(t, "")
	r.save("lily", inboundFrom("late@globex.de", "hans@globex.de", "Price please", t0.Add(2*time.Hour)))
	tom := inboundFrom("pat@initech.com", "pat@initech.com", "Samples", t0.Add(3*time.Hour))
	tom.To = []keepwarm.Address{{Email: "tom@acme-export.com"}}
	r.save("tom", tom)
	body, err := os.ReadFile(r.path)
	r.must(err)
	i := strings.Index(string(body), "\n[notify]\n")
	if i < 0 {
		t.Fatalf("no [notify] in the config:\n%s", body)
	}
	r.must(os.WriteFile(r.path, body[:i], 0o600))
	tue := t0.Add(24 * time.Hour)
	// Both have news: each would be queued.
	out := newCLI(t, r.path, r.env).mustRun("--now", tue.Format(time.RFC3339), "digest")
	if !strings.Contains(out, "Price please") || !strings.Contains(out, "Samples") {
		t.Fatalf("Lily's and Tom's digests do not both have news:\n%s", out)
	}
	code, out, errs := newCLI(t, r.path, r.env).run(context.Background(), "--now", tue.Format(time.RFC3339), "digest", "--send")
	if code == 0 {
		t.Errorf("digest --send without [notify] exited 0:\n%s\n%s", out, errs)
	}
	if n := strings.Count(errs, "no [notify] sender is configured"); n != 1 {
		t.Errorf("digest --send without [notify] says so %d times, want once:\n%s\n%s", n, out, errs)
	}
}
