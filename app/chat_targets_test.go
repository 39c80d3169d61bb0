package app

import (
	"slices"
	"testing"

	"keepwarm/config"
	"keepwarm/sequences"
)

// TestManagerNotifyReachesTheReplyWatch: the manager, not a salesperson,
// takes their nudges in WeCom through [team] notify: the reply watch sends
// theirs there (pool inquiries to the shared mailbox they own, the target
// nudge with escalate = true), not by mail that no [notify] could send.
func TestManagerNotifyReachesTheReplyWatch(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
notify = ["wecom:boss01"]
[[salesperson]]
email = "lily@acme.example"
notify = ["wecom:lily"]
[[mailbox]]
name = "team"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "TEAM_PW"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`))
	if err != nil {
		t.Fatal(err)
	}
	a := &App{Cfg: cfg}
	got := a.ReplyConfig().Notify
	if !slices.Equal(got["boss@acme.example"], []sequences.NotifyTarget{{Channel: "wecom", Mention: "boss01"}}) ||
		!slices.Equal(got["lily@acme.example"], []sequences.NotifyTarget{{Channel: "wecom", Mention: "lily"}}) {
		t.Fatalf("notify targets: %+v", got)
	}
}
