package cli

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// TestTickQuietSaysNothingOfOlderTexts: older mail a first sync stored
// from its header waits for its text. A `tick --quiet` that found, sent
// and posted nothing prints nothing, whether it fetched some of those
// texts or none (--texts 0, where they wait for good): under cron the
// line would come as mail every few minutes. Without --quiet it is said.
func TestTickQuietSaysNothingOfOlderTexts(t *testing.T) {
	cli := fortyExportsInSales(t, mailtest.NewMemServer(t))
	now := t0.Add(120 * 24 * time.Hour)
	if out := cli.mustRun("--now", now.Format(time.RFC3339), "sync", "--texts", "0"); !strings.Contains(out, "older message(s) follow") {
		t.Fatalf("no older texts wait after the first sync:\n%s", out)
	}
	for i, texts := range []string{"0", "0", "1ns"} {
		at := now.Add(time.Duration(i+1) * 5 * time.Minute).Format(time.RFC3339)
		if out := cli.mustRun("--now", at, "tick", "--quiet", "--texts", texts); out != "" {
			t.Fatalf("tick %d --quiet --texts %s with nothing found, sent or posted printed:\n%s", i+1, texts, out)
		}
	}
	at := now.Add(20 * time.Minute).Format(time.RFC3339)
	if out := cli.mustRun("--now", at, "tick", "--texts", "0"); !strings.Contains(out, "older message(s) follow") {
		t.Fatalf("tick without --quiet says nothing of the texts that follow:\n%s", out)
	}
}
