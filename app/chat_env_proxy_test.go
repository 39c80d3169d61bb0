package app

import (
	"context"
	"strings"
	"testing"

	"keepwarm/config"
)

// TestChatChannelNamesAnEnvironmentProxyThatDoesNotParse: the server's
// unit sets HTTPS_PROXY for other programs, its password holding "^" and
// "|" (or a bare "%") unencoded. Go reads that value as a proxy whose
// host is "http:" (or as no proxy at all), so every post failed on a
// proxy nobody set, or went around the office's, and nothing named the
// variable. The channel with no proxy key is unusable, saying which
// variable (never its value, which holds the password); one whose host
// NO_PROXY names, or with its own proxy, is not.
func TestChatChannelNamesAnEnvironmentProxyThatDoesNotParse(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
notify = ["wecom", "ding", "own"]
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
[[notify.channel]]
name = "own"
kind = "wecom"
url_env = "WECOM_URL"
proxy = "http://proxy.corp:3128"
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, proxy := range []string{"http://kw:Pa^ss|1@proxy.corp:3128", "http://kw:Pa^ss 50%@proxy.corp:3128", "kw:Pa^ss|1@proxy.corp:3128"} {
		env := map[string]string{
			"WECOM_URL":   "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tok",
			"DING_URL":    "https://oapi.dingtalk.com/robot/send?access_token=tok",
			"https_proxy": proxy,
			"NO_PROXY":    "localhost,.dingtalk.com",
		}
		a := &App{Cfg: cfg, Getenv: func(k string) string { return env[k] }}
		chs, err := a.ChatChannels(context.Background())
		if err != nil || len(chs) != 3 {
			t.Fatalf("%s: %v, %v", proxy, chs, err)
		}
		if u := chs[0].Unusable; u == nil || !strings.Contains(u.Error(), "the environment's https_proxy") || strings.Contains(u.Error(), "Pa^ss") || strings.Contains(u.Error(), "kw") {
			t.Errorf("%s: wecom unusable %v, want https_proxy named without its value", proxy, u)
		}
		if chs[1].Unusable != nil || chs[2].Unusable != nil {
			t.Errorf("%s: a channel NO_PROXY names (%v) or with its own proxy (%v) is unusable", proxy, chs[1].Unusable, chs[2].Unusable)
		}
	}
	// A value Go reads as written is used.
	a := &App{Cfg: cfg, Getenv: func(k string) string {
		return map[string]string{"WECOM_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tok", "DING_URL": "https://oapi.dingtalk.com/robot/send?access_token=tok",
			"HTTPS_PROXY": "kw:Pa%5Ess%7C1@proxy.corp:3128"}[k]
	}}
	if chs, err := a.ChatChannels(context.Background()); err != nil || chs[0].Unusable != nil || chs[1].Unusable != nil {
		t.Errorf("an HTTPS_PROXY that parses: %v, %v", chs, err)
	}
}
