package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"keepwarm/sequences"
)

// TestDigestJSONOfEveryoneIsOneDocument: without --salesperson, `digest
// --format json` prints one JSON array of every salesperson's digest, which
// any JSON reader takes; --format html, a page per digest, wants one named.
func TestDigestJSONOfEveryoneIsOneDocument(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	c := newCLI(t, r.path, r.env)
	now := t0.Add(24 * time.Hour).Format(time.RFC3339)
	out := c.mustRun("--now", now, "digest", "--format", "json")
	var ds []sequences.Digest
	if err := json.Unmarshal([]byte(out), &ds); err != nil || len(ds) != 2 {
		t.Fatalf("digest --format json: %d digests, %v\n%s", len(ds), err, out)
	}
	if code, _, errs := c.run(context.Background(), "--now", now, "digest", "--format", "html"); code != 2 || !strings.Contains(errs, "--salesperson") {
		t.Errorf("digest --format html of everyone: exit %d %s", code, errs)
	}
}
