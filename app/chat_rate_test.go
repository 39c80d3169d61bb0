package app

import (
	"context"
	"testing"

	"keepwarm/config"
)

// A DingTalk robot written per_minute = 20 (its platform's own limit,
// which earlier versions took) posts at 19 a minute; one written 10 at 10.
func TestChatChannelRateStaysUnderThePlatformsLimit(t *testing.T) {
	for _, tc := range []struct {
		perMinute string
		want      int
	}{{"20", 19}, {"10", 10}} {
		cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
notify = ["ding"]
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
per_minute = ` + tc.perMinute + `
`))
		if err != nil {
			t.Fatal(err)
		}
		a := &App{Cfg: cfg, Getenv: func(string) string { return "https://oapi.dingtalk.com/robot/send?access_token=x" }}
		chs, err := a.ChatChannels(context.Background())
		if err != nil || len(chs) != 1 {
			t.Fatalf("channels: %v %v", chs, err)
		}
		if got := chs[0].Limit.PerMinute; got != tc.want {
			t.Errorf("per_minute %s: posts %d a minute, want %d", tc.perMinute, got, tc.want)
		}
	}
}
