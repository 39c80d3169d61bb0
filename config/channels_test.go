package config

import (
	"strings"
	"testing"
)

// withNotify puts notify = list on Lily and appends channels.
func withNotify(list, channels string) string {
	return strings.Replace(minimal, `email = "lily@acme.example"`, `email = "lily@acme.example"`+"\nnotify = "+list, 1) + channels
}

const wecom = `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`

func TestChannelErrorsNameTheKeyAndTheFix(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"unknown channel", withNotify(`["dingtalk:lily"]`, wecom), []string{`salesperson "lily@acme.example".notify`, `"dingtalk" names no [[notify.channel]]`, "known: wecom", `name = "dingtalk"`}},
		{"no channel at all", withNotify(`["wecom:lily"]`, ""), []string{`salesperson "lily@acme.example".notify`, "there is none yet"}},
		{"email without notify smtp", withNotify(`["wecom:lily", "email"]`, wecom), []string{`salesperson "lily@acme.example".notify`, "[notify] has no smtp_url"}},
		{"empty list", withNotify(`[]`, wecom), []string{`salesperson "lily@acme.example".notify`, "is empty"}},
		{"twice", withNotify(`["wecom:lily", "wecom:13800000000"]`, wecom), []string{"names \"wecom\" twice"}},
		{"bad kind", withNotify(`["wecom"]`, strings.Replace(wecom, `kind = "wecom"`, `kind = "skype"`, 1)), []string{`notify.channel "wecom".kind`, "wecom, dingtalk, feishu, slack, teams, webhook"}},
		{"teams by mobile", withNotify(`["teams:+4915112345678"]`, strings.NewReplacer(`"wecom"`, `"teams"`).Replace(wecom)), []string{`salesperson "lily@acme.example".notify`, "cannot @-mention by mobile", "UPN"}},
		{"secret for teams", withNotify(`["teams"]`, strings.NewReplacer(`"wecom"`, `"teams"`).Replace(wecom)+`secret_env = "S"`+"\n"), []string{`notify.channel "teams".secret_env`, "do not sign"}},
		{"no url source", withNotify(`["wecom"]`, strings.Replace(wecom, `url_env = "WECOM_URL"`, "", 1)), []string{`notify.channel "wecom".url_env`, "url_cmd"}},
		{"url inline is unknown", withNotify(`["wecom"]`, strings.Replace(wecom, `url_env = "WECOM_URL"`, `url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"`, 1)), []string{`unknown key notify.channel "wecom".url`}},
		{"secret for wecom", withNotify(`["wecom"]`, wecom+`secret_env = "S"`+"\n"), []string{`notify.channel "wecom".secret_env`, "do not sign"}},
		{"feishu by mobile", withNotify(`["feishu:13800000000"]`, strings.NewReplacer(`"wecom"`, `"feishu"`).Replace(wecom)), []string{`salesperson "lily@acme.example".notify`, "cannot @-mention by mobile", "ou_"}},
		{"duplicate channel", withNotify(`["wecom"]`, wecom+wecom), []string{`notify.channel "wecom".name`, "taken"}},
		{"bad name", withNotify(`["email"]`, strings.Replace(wecom, `name = "wecom"`, `name = "email"`, 1)), []string{`notify.channel "email".name`}},
		{"per_minute above the platform", withNotify(`["wecom"]`, wecom+"per_minute = 60\n"), []string{`notify.channel "wecom".per_minute`, "1 to 19"}},
		{"per_minute above the platform's limit", withNotify(`["dingtalk"]`, strings.Replace(wecom, `"wecom"`, `"dingtalk"`, 2)+"per_minute = 21\n"),
			[]string{`notify.channel "dingtalk".per_minute`, "1 to 19", "one under the platform's limit of 20"}},
		{"keyword for wecom", withNotify(`["wecom"]`, wecom+`keyword = "提醒"`+"\n"), []string{`notify.channel "wecom".keyword`, "no keyword setting"}},
		{"keyword with spaces", withNotify(`["dingtalk"]`, strings.Replace(wecom, `"wecom"`, `"dingtalk"`, 2)+`keyword = " 提醒"`+"\n"), []string{`notify.channel "dingtalk".keyword`, "without spaces"}},
		{"lang", strings.Replace(withNotify(`["wecom"]`, wecom), "notify = ", `lang = "cn"`+"\nnotify = ", 1), []string{`salesperson "lily@acme.example".lang`, `"zh"`, `"en"`}},
		{"mention with @", withNotify(`["wecom:@lily"]`, wecom), []string{`salesperson "lily@acme.example".notify`, "alone"}},
		{"proxy password twice", withNotify(`["wecom"]`, wecom+`proxy = "socks5://kw:pw@127.0.0.1:1080"`+"\n"+`proxy_password_env = "KW_PROXY_PW"`+"\n"),
			[]string{`notify.channel "wecom".proxy`, "remove the password from proxy"}},
		{"proxy password without a user", withNotify(`["wecom"]`, wecom+`proxy = "socks5://127.0.0.1:1080"`+"\n"+`proxy_password_env = "KW_PROXY_PW"`+"\n"),
			[]string{`notify.channel "wecom".proxy`, "has no user"}},
		{"proxy password without a proxy", withNotify(`["wecom"]`, wecom+`proxy_password_env = "KW_PROXY_PW"`+"\n"),
			[]string{`notify.channel "wecom".proxy_password_env`, "proxy is not", "[notify]"}},
		{"proxy password env and cmd", withNotify(`["wecom"]`, wecom+`proxy = "socks5://kw@127.0.0.1:1080"`+"\n"+`proxy_password_env = "KW_PROXY_PW"`+"\n"+`proxy_password_cmd = "pass show proxy"`+"\n"),
			[]string{`notify.channel "wecom".proxy_password_cmd`, "keep one"}},
		{"socks5 proxy without a port", withNotify(`["wecom"]`, wecom+`proxy = "socks5://127.0.0.1"`+"\n"),
			[]string{`notify.channel "wecom".proxy`, "has no port", `"socks5://127.0.0.1:1080"`}},
		{"http proxy without a port", withNotify(`["wecom"]`, wecom+`proxy = "http://kw:proxy-secret@proxy.corp.example/"`+"\n"),
			[]string{`notify.channel "wecom".proxy`, "has no port", `"http://kw@proxy.corp.example:3128"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body))
			if err == nil {
				t.Fatal("accepted a bad config")
			}
			if strings.Contains(err.Error(), "proxy-secret") {
				t.Errorf("error %q shows the proxy's password", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	cfg, err := Parse([]byte(withNotify(`["wecom:lily"]`, wecom)))
	if err != nil {
		t.Fatalf("a good channel refused: %v", err)
	}
	if ts := cfg.Salespeople[0].NotifyTargets(); len(ts) != 1 || ts[0] != (NotifyTarget{Channel: "wecom", Mention: "lily"}) {
		t.Fatalf("targets %+v", ts)
	}
	// Teams mentions by UPN, an address.
	teams := strings.NewReplacer(`"wecom"`, `"teams"`).Replace(wecom)
	if cfg, err := Parse([]byte(withNotify(`["teams:lily@acme.example"]`, teams))); err != nil {
		t.Fatalf("a teams channel mentioning a UPN refused: %v", err)
	} else if ts := cfg.Salespeople[0].NotifyTargets(); ts[0] != (NotifyTarget{Channel: "teams", Mention: "lily@acme.example"}) {
		t.Fatalf("targets %+v", ts)
	}
	// A user id that is an employee number, all digits, is no mobile.
	feishu := strings.NewReplacer(`"wecom"`, `"feishu"`).Replace(wecom)
	if _, err := Parse([]byte(withNotify(`["feishu:100234"]`, feishu))); err != nil {
		t.Fatalf("a feishu user id of digits refused: %v", err)
	}
}

// teamMailbox is a shared mailbox owned by the manager, who is not a
// salesperson: mail from unknown senders there is nudged to the manager.
const teamMailbox = `
[[mailbox]]
name = "team"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "TEAM_PW"
`

// TestManagerNotify: the manager, who owns the shared mailbox, takes their
// nudges in the team's WeCom group through [team] notify; without it, in a
// team that nudges only through chats, their nudges reach nobody, and the
// daemon and check say so, as they do for a salesperson left on mail.
func TestManagerNotify(t *testing.T) {
	withTeamNotify := func(body, list string) string {
		return strings.Replace(body, `manager = "boss@acme.example"`, `manager = "boss@acme.example"`+"\nnotify = "+list, 1)
	}
	cfg, err := Parse([]byte(withTeamNotify(withNotify(`["wecom:lily"]`, wecom+teamMailbox), `["wecom:boss01"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if ts := cfg.ManagerNotifyTargets(); len(ts) != 1 || ts[0] != (NotifyTarget{Channel: "wecom", Mention: "boss01"}) {
		t.Fatalf("the manager's targets: %+v", ts)
	}
	if ws := cfg.NudgeWarnings(); len(ws) != 0 {
		t.Fatalf("warnings for a config where everyone is nudged: %q", ws)
	}

	cfg, err = Parse([]byte(withNotify(`["wecom:lily"]`, wecom+teamMailbox)))
	if err != nil {
		t.Fatal(err)
	}
	if ws := cfg.NudgeWarnings(); len(ws) != 1 || !strings.HasPrefix(ws[0], `team.notify: the manager boss@acme.example owns mailbox "team"`) ||
		!strings.Contains(ws[0], `set [team] notify = ["wecom"]`) {
		t.Fatalf("the manager left without nudges: %q", ws)
	}
	cfg, err = Parse([]byte(withNotify(`["wecom:lily"]`, wecom+"[replies]\nescalate = true\n")))
	if err != nil {
		t.Fatal(err)
	}
	if ws := cfg.NudgeWarnings(); len(ws) != 1 || !strings.Contains(ws[0], "gets the target nudge (escalate = true) by mail") {
		t.Fatalf("escalate to a manager without a target: %q", ws)
	}
	cfg, err = Parse([]byte(minimal + wecom))
	if err != nil {
		t.Fatal(err)
	}
	if ws := cfg.NudgeWarnings(); len(ws) != 1 || !strings.HasPrefix(ws[0], `salesperson "lily@acme.example".notify: lily@acme.example gets nudges by mail`) {
		t.Fatalf("a salesperson left on mail in a chat-only team: %q", ws)
	}

	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"unknown channel", withTeamNotify(minimal+wecom, `["ding"]`), []string{"team.notify", `"ding" names no [[notify.channel]]`}},
		{"email without [notify]", withTeamNotify(minimal+wecom, `["email", "wecom"]`), []string{"team.notify", "[notify] has no smtp_url"}},
		{"manager is a salesperson", withTeamNotify(minimal+wecom+"[[salesperson]]\nemail = \"boss@acme.example\"\n", `["wecom"]`), []string{"team.notify", "in their [[salesperson]] block"}},
		{"no manager", strings.Replace(withTeamNotify(minimal+wecom, `["wecom"]`), `manager = "boss@acme.example"`, "", 1), []string{"team.notify", "no team.manager"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.body))
			if err == nil {
				t.Fatal("accepted a bad config")
			}
			if strings.Contains(err.Error(), "proxy-secret") {
				t.Errorf("error %q shows the proxy's password", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// per_minute at the platform's own limit (20 on DingTalk), which earlier
// versions took, still loads, so an upgrade does not stop the daemon: check
// and the daemon's start warn, naming the key and the number to write, and
// keepwarm posts at 19.
func TestPerMinuteAtThePlatformsLimitIsWarned(t *testing.T) {
	cfg, err := Parse([]byte(withNotify(`["dingtalk"]`, strings.Replace(wecom, `"wecom"`, `"dingtalk"`, 2)+"per_minute = 20\n")))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	ws := cfg.ChannelWarnings()
	if len(ws) != 1 || !strings.HasPrefix(ws[0], `notify.channel "dingtalk".per_minute: 20 is the platform's own limit`) || !strings.Contains(ws[0], "write 19") {
		t.Errorf("warnings: %q", ws)
	}
	cfg, err = Parse([]byte(withNotify(`["dingtalk"]`, strings.Replace(wecom, `"wecom"`, `"dingtalk"`, 2)+"per_minute = 19\n")))
	if err != nil || len(cfg.ChannelWarnings()) != 0 {
		t.Errorf("per_minute = 19: %v %q", err, cfg.ChannelWarnings())
	}
}

// TestChannelProxyPasswordKeptOutOfTheFile: a channel's own proxy that
// wants a login takes its password from proxy_password_env (or _cmd), as
// the warning of a password written in proxy says, and is then not warned
// of.
func TestChannelProxyPasswordKeptOutOfTheFile(t *testing.T) {
	inline, err := Parse([]byte(withNotify(`["wecom"]`, wecom+`proxy = "socks5://kw:S3cret@127.0.0.1:1080"`+"\n")))
	if err != nil {
		t.Fatal(err)
	}
	if got := inline.ProxyPasswordsInFile(); len(got) != 1 || got[0] != "channel wecom" {
		t.Fatalf("a password written in the channel's proxy warned of for %v", got)
	}
	cfg, err := Parse([]byte(withNotify(`["wecom"]`, wecom+`proxy = "socks5://kw@127.0.0.1:1080"`+"\n"+`proxy_password_env = "KW_PROXY_PW"`+"\n")))
	if err != nil {
		t.Fatalf("a channel's proxy_password_env refused: %v", err)
	}
	if ch := cfg.Notify.Channels[0]; ch.ProxyPasswordEnv != "KW_PROXY_PW" {
		t.Fatalf("proxy_password_env read as %q", ch.ProxyPasswordEnv)
	}
	if got := cfg.ProxyPasswordsInFile(); len(got) != 0 {
		t.Fatalf("warned of a password in the file for %v", got)
	}
}

// A WeCom or DingTalk mention of 7 to 15 digits alone is a user id since
// mobiles are written with their country code; earlier builds read any 6
// or more digits as a mobile, so an upgraded config that @-mentions
// "8613800000000" pings nobody. check and the daemon's start say so,
// naming the key; an employee number of 6 digits is no warning.
func TestDigitsOnlyMentionReadAsUserIDIsWarned(t *testing.T) {
	dingtalk := strings.Replace(wecom, `"wecom"`, `"dingtalk"`, 2)
	for _, c := range []struct {
		list, channels, want string
	}{
		{`["dingtalk:8613800000000"]`, dingtalk, `"dingtalk:8613800000000" is read as a user id, not a mobile`},
		{`["wecom:91234567"]`, wecom, `"wecom:91234567" is read as a user id, not a mobile`},
		{`["dingtalk:100234"]`, dingtalk, ""},
		{`["dingtalk:13800000000"]`, dingtalk, ""},
		{`["dingtalk:+8613800000000"]`, dingtalk, ""},
	} {
		cfg, err := Parse([]byte(withNotify(c.list, c.channels)))
		if err != nil {
			t.Fatalf("%s refused: %v", c.list, err)
		}
		ws := cfg.ChannelWarnings()
		if c.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s: warned %q", c.list, ws)
			}
			continue
		}
		if len(ws) != 1 || !strings.HasPrefix(ws[0], `salesperson "lily@acme.example".notify: `) || !strings.Contains(ws[0], c.want) || !strings.Contains(ws[0], "+<country code><number>") {
			t.Errorf("%s: warnings %q", c.list, ws)
		}
	}
}
