package cli

import (
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestCheckNotifyPostsToTeams: a team outside China on Microsoft Teams
// gets its nudges there as an Adaptive Card, the salesperson @-mentioned
// by UPN; check --notify posts the test card, in English.
func TestCheckNotifyPostsToTeams(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[web]
base_url = "https://kw.example"
[[notify.channel]]
name = "teams"
kind = "teams"
url_env = "TEAMS_URL"
[[salesperson]]
email = "tom@seller.example"
name = "Tom Wang"
notify = ["teams:tom@seller.example"]
`)
	robot := mailtest.NewChatServer(t, "teams", "")
	r.env["TEAMS_URL"] = robot.URL
	out := r.must(day(0), "check", "--notify")
	posts := robot.Posts()
	// A Workflows flow answers 202 before it runs: check cannot say the
	// card was posted, and sends the reader to the channel.
	if len(posts) != 1 || !strings.Contains(out, "ok    notify channel teams (teams): test message accepted by the flow (202): look in the channel") ||
		strings.Contains(out, "test message posted") {
		t.Fatalf("%d posts\n%s", len(posts), out)
	}
	// An incoming webhook's 200 "1" is the card posted.
	robot.TeamsWebhook = true
	if out := r.must(day(0), "check", "--notify"); !strings.Contains(out, "ok    notify channel teams (teams): test message posted") || strings.Contains(out, "look in the channel") {
		t.Fatalf("incoming webhook:\n%s", out)
	}
	p := posts[0]
	for _, want := range []string{"Reply due: Hans Meier (Meier GmbH) waiting 5 min", "Subject: Quotation for 2000 LED panels",
		"Open in keepwarm https://kw.example/", "<at>tom@seller.example</at>"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("the test card lacks %q:\n%s", want, p.Text)
		}
	}
	if len(p.Mentions) != 1 || p.Mentions[0] != "tom@seller.example" {
		t.Errorf("mentions %v", p.Mentions)
	}
}
