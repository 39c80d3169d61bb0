package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
)

// signedDingTalkChannel sets up a rig whose only notify channel is "ding",
// a DingTalk robot signed with the secret in DING_SECRET, and the robot
// it posts to, which takes only "SEC-right"; the test sets DING_URL and
// DING_SECRET.
func signedDingTalkChannel(t *testing.T) (*seqRig, *mailtest.ChatServer) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
secret_env = "DING_SECRET"
`)
	return r, mailtest.NewChatServer(t, "dingtalk", "SEC-right")
}

// TestCheckNotifyPostsToEachChannel: `check` reads each channel's URL and
// says who it nudges without posting; `check --notify` posts a test
// message, signed, and reports a refusal with the fix.
func TestCheckNotifyPostsToEachChannel(t *testing.T) {
	r, robot := signedDingTalkChannel(t)
	r.env["DING_URL"], r.env["DING_SECRET"] = robot.URL, "SEC-right"
	out := r.must(day(0), "check")
	if !strings.Contains(out, "ok    notify channel ding (dingtalk): webhook URL read, but no one's notify names it") || robot.Requests() != 0 {
		t.Fatalf("check without --notify posted %d or said:\n%s", robot.Requests(), out)
	}
	// Chat without [notify]: nudges go, digests do not.
	if !strings.Contains(out, "warn  notify: no [notify] sender: nudges go to the chat channels only; digests and the weekly summary are not sent") ||
		strings.Contains(out, "no nudges") {
		t.Fatalf("check says of the missing [notify]:\n%s", out)
	}
	if _, _, errs := r.run(day(0), "tick"); !strings.Contains(errs, "no [notify] sender: nudges go to the chat channels only") {
		t.Fatalf("tick does not warn of the missing [notify]:\n%s", errs)
	}
	out = r.must(day(0), "check", "--notify")
	if posts := robot.Posts(); !strings.Contains(out, "ok    notify channel ding (dingtalk): test message posted") || len(posts) != 1 ||
		!strings.Contains(posts[0].Text, "keepwarm check --notify 发的测试消息") {
		t.Fatalf("check --notify: %d posts\n%s", len(posts), out)
	}
	if strings.Contains(out, "tok-dingtalk") {
		t.Fatalf("check printed the webhook's token:\n%s", out)
	}
	ft := &countTB{TB: t}
	wrong := mailtest.NewChatServer(ft, "dingtalk", "SEC-other")
	r.env["DING_URL"] = wrong.URL
	code, out, _ := r.run(day(0), "check", "--notify")
	if code != 1 || !strings.Contains(out, "FAIL  notify channel ding (dingtalk): test message posted: channel ding: refused") ||
		!strings.Contains(out, "secret_env") || ft.n != 1 {
		t.Fatalf("a wrong secret: exit %d, stand-in complaints %d\n%s", code, ft.n, out)
	}
}

type countTB struct {
	testing.TB
	n int
}

func (c *countTB) Errorf(string, ...any) { c.n++ }

// TestChatGoesThroughTheProxy: a channel's proxy carries the post; the
// robot's address is one only the proxy knows, so a post that bypassed it
// would fail.
func TestChatGoesThroughTheProxy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	robot := mailtest.NewChatServer(t, "wecom", "")
	proxy := mailtest.NewSOCKS5(t, map[string]string{"localhost:1": strings.TrimPrefix(strings.Split(robot.URL, "/robot")[0], "http://")})
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
proxy = "socks5://`+proxy.Addr()+`"
`)
	r.env["WECOM_URL"] = "http://localhost:1/robot/send?access_token=tok-wecom"
	out := r.must(day(0), "check", "--notify")
	if len(robot.Posts()) != 1 || !strings.Contains(out, "ok    notify channel wecom (wecom): test message posted") {
		t.Fatalf("%d posts through the proxy\n%s", len(robot.Posts()), out)
	}
	if asked := proxy.Asked(); len(asked) != 1 || asked[0] != "localhost:1" {
		t.Fatalf("the proxy was asked for %v", asked)
	}
}

// TestChatProxyPasswordFromTheEnvironment: a channel's own proxy that
// wants a login gets its password from the channel's proxy_password_env,
// and the post goes through it; check does not warn of a password in the
// file.
func TestChatProxyPasswordFromTheEnvironment(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	robot := mailtest.NewChatServer(t, "wecom", "")
	proxy := mailtest.NewSOCKS5(t, map[string]string{"localhost:1": strings.TrimPrefix(strings.Split(robot.URL, "/robot")[0], "http://")})
	proxy.RequireAuth("kw", "S3cret")
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
proxy = "socks5://kw@`+proxy.Addr()+`"
proxy_password_env = "KW_PROXY_PW"
`)
	r.env["WECOM_URL"] = "http://localhost:1/robot/send?access_token=tok-wecom"
	r.env["KW_PROXY_PW"] = "S3cret\r" // an --env-file written on Windows
	out := r.must(day(0), "check", "--notify")
	if len(robot.Posts()) != 1 || proxy.Refused() != 0 || !strings.Contains(out, "ok    notify channel wecom (wecom): test message posted") {
		t.Fatalf("%d posts through the proxy, %d logins refused\n%s", len(robot.Posts()), proxy.Refused(), out)
	}
	if strings.Contains(out, "password is written in the config file") || strings.Contains(out, "S3cret") {
		t.Fatalf("check warns of, or shows, the proxy's password:\n%s", out)
	}
	// The variable unset: the channel says which key to set, the others go on.
	delete(r.env, "KW_PROXY_PW")
	code, out, _ := r.run(day(0), "check")
	if code != 1 || !strings.Contains(out, "proxy_password_env: environment variable KW_PROXY_PW is empty or unset") ||
		!strings.Contains(out, "fix: set the variable or fix the command the message names: it gives the proxy's password") {
		t.Fatalf("check with KW_PROXY_PW unset: exit %d\n%s", code, out)
	}
}

// TestCheckNotifyPostsWhatNudgesWillBe: the test message is a nudge as
// the channel's people will get it: the same layout and language, the
// configured @-mentions, and the channel's keyword. A DingTalk robot set
// to a keyword takes it, and then takes the real nudges too; without
// keyword on the channel the check fails and names the key, rather than
// passing a test the real nudges would fail.
func TestCheckNotifyPostsWhatNudgesWillBe(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[web]
base_url = "https://kw.example"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
keyword = "客户提醒"
[[salesperson]]
email = "tom@seller.example"
name = "Tom Wang"
notify = ["ding:13800000000"]
`)
	robot := mailtest.NewChatServer(t, "dingtalk", "")
	robot.Keyword = "客户提醒"
	r.env["DING_URL"] = robot.URL
	out := r.must(day(0), "check", "--notify")
	posts := robot.Posts()
	if len(posts) != 1 || !strings.Contains(out, "ok    notify channel ding (dingtalk): test message posted; @-mentions 13800000000 as a mobile (a mobile is sent exactly as written: it must match the number as the platform holds it") {
		t.Fatalf("%d posts\n%s", len(posts), out)
	}
	p := posts[0]
	for _, want := range []string{"待回复：王建国（深圳示例照明有限公司）已等 5 分钟", "> 客户：王建国（深圳示例照明有限公司），wang@example.com",
		"> 主题：询价：2000 件 LED 面板", "测试消息", "[在 keepwarm 中打开](https://kw.example/)", "@13800000000", "客户提醒"} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("the test message lacks %q:\n%s", want, p.Text)
		}
	}
	if len(p.Mentions) != 1 || p.Mentions[0] != "13800000000" {
		t.Errorf("mentions %v", p.Mentions)
	}

	// The robot's keyword not configured: the check fails, naming the key.
	robot2 := mailtest.NewChatServer(t, "dingtalk", "")
	robot2.Keyword = "销售提醒"
	r.env["DING_URL"] = robot2.URL
	code, out, _ := r.run(day(0), "check", "--notify")
	if code != 1 || !strings.Contains(out, "FAIL  notify channel ding (dingtalk): test message posted") || !strings.Contains(out, "keyword") {
		t.Fatalf("a robot with another keyword: exit %d\n%s", code, out)
	}
}

// TestCheckNotifyFixFollowsTheAnswer: a robot that refuses the test for now
// (WeCom 45009 "too fast", the daemon posting at the same time) or gives no
// answer is not said to need its URL or token checked: rotating a good
// webhook key for that would break the daemon. A refusal for good still is.
func TestCheckNotifyFixFollowsTheAnswer(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	robot := mailtest.NewChatServer(t, "wecom", "")
	r.env["WECOM_URL"] = robot.URL
	for _, tc := range []struct {
		answer    mailtest.ChatAnswer
		want, not string
	}{
		{mailtest.ChatAnswer{Body: `{"errcode":45009,"errmsg":"api freq out of limit"}`}, "try again in a minute", "token"},
		{mailtest.ChatAnswer{Status: 504, Body: "gateway timeout"}, "look in the group", "token"},
		{mailtest.ChatAnswer{Body: `{"errcode":90030,"errmsg":"webhook over limit"}`}, "nothing says the URL is wrong", "token"},
		{mailtest.ChatAnswer{Body: `{"errcode":90030,"errmsg":"webhook over limit"}`}, "call quota is spent", "minutes"},
		{mailtest.ChatAnswer{Body: `{"errcode":410100,"errmsg":"发送速度太快而限流"}`}, "nothing says the URL is wrong", "token"},
		{mailtest.ChatAnswer{Body: `{"errcode":93000,"errmsg":"invalid webhook url"}`}, "token included", "try again"},
	} {
		robot.Script(tc.answer)
		code, out, _ := r.run(day(0), "check", "--notify")
		if fix := notifyFix(out, "wecom (wecom)"); code != 1 || !strings.Contains(fix, tc.want) || strings.Contains(fix, tc.not) {
			t.Fatalf("answer %+v: exit %d, fix %q\n%s", tc.answer, code, fix, out)
		}
	}
}

// notifyFix is the fix check --notify's output gives for channel (its
// name and kind, "wecom (wecom)") after a failed test message.
func notifyFix(out, channel string) string {
	_, fix, _ := strings.Cut(out, "notify channel "+channel+": test message posted: ")
	_, fix, _ = strings.Cut(fix, "fix: ")
	fix, _, _ = strings.Cut(fix, "\n")
	return fix
}

// TestCheckNotifyFeishuTooFastIsNotBlamedOnTheURL: a Feishu robot
// throttling the test (the open platform's 99991400 "request trigger
// frequency limit") is said to refuse it for now, not to need its URL
// checked.
func TestCheckNotifyFeishuTooFastIsNotBlamedOnTheURL(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "fs"
kind = "feishu"
url_env = "FEISHU_URL"
`)
	robot := mailtest.NewChatServer(t, "feishu", "")
	r.env["FEISHU_URL"] = robot.URL
	robot.Script(mailtest.ChatAnswer{Body: `{"code":99991400,"msg":"request trigger frequency limit"}`})
	code, out, _ := r.run(day(0), "check", "--notify")
	fix := notifyFix(out, "fs (feishu)")
	if code != 1 || !strings.Contains(fix, "nothing says the URL is wrong") || strings.Contains(fix, "URL is complete") {
		t.Fatalf("exit %d, fix %q\n%s", code, fix, out)
	}
}

// TestChannelSecretsFromACRLFFile: a webhook URL and signing secret read
// from variables with a trailing space or line break (an --env-file
// written on Windows) are used without it: the URL parses and the
// signature matches.
func TestChannelSecretsFromACRLFFile(t *testing.T) {
	r, robot := signedDingTalkChannel(t)
	r.env["DING_URL"], r.env["DING_SECRET"] = robot.URL+"\r\n", "SEC-right \r"
	out := r.must(day(0), "check", "--notify")
	if len(robot.Posts()) != 1 || !strings.Contains(out, "ok    notify channel ding (dingtalk): test message posted") {
		t.Fatalf("%d posts\n%s", len(robot.Posts()), out)
	}
	// A line break inside the URL: said so, without the URL.
	r.env["DING_URL"] = robot.URL + "\n-more"
	code, out, _ := r.run(day(0), "check")
	if code != 1 || !strings.Contains(out, "does not parse as a URL (a stray space or line break in it?)") ||
		!strings.Contains(out, "no space, quote or line break inside it") || strings.Contains(out, "tok-dingtalk") {
		t.Fatalf("a URL with a line break inside: exit %d\n%s", code, out)
	}
}

// TestCheckNotifyFixNamesWhatWaitingDoesNotClear: a post that never
// reached the platform for a reason waiting does not clear (a mistyped
// host, a proxy refusing its login) names that, not "try again"; a
// DingTalk throttle is told with its 10 minutes, and a throttle kept by
// the daemon is not posted into.
func TestCheckNotifyFixNamesWhatWaitingDoesNotClear(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	robot := mailtest.NewChatServer(t, "wecom", "")
	proxy := mailtest.NewSOCKS5(t, map[string]string{"localhost:1": strings.TrimPrefix(strings.Split(robot.URL, "/robot")[0], "http://")})
	proxy.RequireAuth("kw", "S3cret")
	ding := mailtest.NewChatServer(t, "dingtalk", "")
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
[[notify.channel]]
name = "proxied"
kind = "wecom"
url_env = "PROXIED_URL"
proxy = "socks5://kw@`+proxy.Addr()+`"
proxy_password_env = "KW_PROXY_PW"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
`)
	r.env["WECOM_URL"] = "https://no-such-host.invalid/cgi-bin/webhook/send?key=k"
	r.env["PROXIED_URL"] = "http://localhost:1/robot/send?access_token=tok-wecom"
	r.env["KW_PROXY_PW"] = "wrong"
	r.env["DING_URL"] = ding.URL
	ding.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	fixOf := func(out, name string) string {
		_, fix, _ := strings.Cut(out, "notify channel "+name+" (")
		_, fix, _ = strings.Cut(fix, "fix: ")
		fix, _, _ = strings.Cut(fix, "\n")
		return fix
	}
	r.must(day(0), "tick") // the database, for the block below
	at := day(0).Add(time.Minute)
	code, out, _ := r.run(at, "check", "--notify")
	if fix := fixOf(out, "wecom"); code != 1 || !strings.Contains(fix, "check the URL") || !strings.Contains(fix, "host") || strings.Contains(fix, "try again") {
		t.Errorf("a host that does not resolve: exit %d, fix %q\n%s", code, fix, out)
	}
	if fix := fixOf(out, "proxied"); !strings.Contains(fix, "proxy_password_env") || strings.Contains(fix, "try again") || proxy.Refused() == 0 {
		t.Errorf("a wrong proxy password (%d logins refused): fix %q\n%s", proxy.Refused(), fix, out)
	}
	if fix := fixOf(out, "ding"); !strings.Contains(fix, "10 minutes") || !strings.Contains(fix, "after 16:17 CST") {
		t.Errorf("DingTalk's 130101: fix %q\n%s", fix, out)
	}

	// A throttle the daemon was told of and kept: not posted into.
	db := r.db()
	kept := keepwarm.ChatBlock{Robot: (&chat.Channel{Kind: "dingtalk", URL: ding.URL}).Fingerprint(), Until: at.Add(10 * time.Minute), Reason: "rate limited for 10 minutes (errcode 130101)"}
	if err := db.SetChatBlock(context.Background(), "ding", kept); err != nil {
		t.Fatal(err)
	}
	asked := ding.Requests()
	code, out, _ = r.run(at.Add(2*time.Minute), "check", "--notify")
	if ding.Requests() != asked || code != 1 || !strings.Contains(out, "throttles this robot until 16:17 CST: not posted") {
		t.Errorf("a kept throttle: %d posts, exit %d\n%s", ding.Requests()-asked, code, out)
	}
	// Once it is over, the test is posted.
	_, out, _ = r.run(at.Add(11*time.Minute), "check", "--notify")
	if ding.Requests() != asked+1 || !strings.Contains(out, "ok    notify channel ding (dingtalk): test message posted") {
		t.Errorf("after the throttle: %d posts\n%s", ding.Requests()-asked, out)
	}
}

// TestChatOnlyTeamPostsThroughNotifysProxy: a team that reaches its chat
// only through a proxy and has no mail sender writes [notify] with just
// proxy; a channel without its own proxy posts through it, and nothing
// asks for smtp_url or from.
func TestChatOnlyTeamPostsThroughNotifysProxy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	robot := mailtest.NewChatServer(t, "wecom", "")
	proxy := mailtest.NewSOCKS5(t, map[string]string{"localhost:1": strings.TrimPrefix(strings.Split(robot.URL, "/robot")[0], "http://")})
	r := newSeqRig(t, srv, `
[notify]
proxy = "socks5://`+proxy.Addr()+`"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	r.env["WECOM_URL"] = "http://localhost:1/robot/send?access_token=tok-wecom"
	code, out, errs := r.run(day(0), "check", "--notify")
	if code != 0 || len(robot.Posts()) != 1 || !strings.Contains(out, "ok    notify channel wecom (wecom): test message posted") {
		t.Fatalf("exit %d, %d posts through [notify]'s proxy\n%s\n%s", code, len(robot.Posts()), out, errs)
	}
	if asked := proxy.Asked(); len(asked) != 1 || asked[0] != "localhost:1" {
		t.Fatalf("the proxy was asked for %v", asked)
	}
}

// TestCheckNotifyNamesTheEnvironmentsProxy: a channel with no proxy key
// posts through the HTTPS_PROXY the server's environment sets for other
// programs; that proxy refusing the CONNECT is told as the proxy's, named,
// with NO_PROXY, not as the webhook URL's fault or a busy platform.
func TestCheckNotifyNamesTheEnvironmentsProxy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	defer proxy.Close()
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	r.env["WECOM_URL"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tok-wecom"
	r.env["HTTPS_PROXY"] = proxy.URL
	code, out, _ := r.run(day(0), "check", "--notify")
	_, fix, _ := strings.Cut(out, "notify channel wecom (wecom): test message posted")
	_, fix, _ = strings.Cut(fix, "fix: ")
	fix, _, _ = strings.Cut(fix, "\n")
	host := strings.TrimPrefix(proxy.URL, "http://")
	if code != 1 || !strings.Contains(out, "Proxy Authentication Required (through HTTPS_PROXY "+host+")") ||
		!strings.Contains(fix, "HTTPS_PROXY "+host) || !strings.Contains(fix, "NO_PROXY") ||
		strings.Contains(fix, "check the URL") || strings.Contains(fix, "try again") || strings.Contains(out, "tok-wecom") {
		t.Fatalf("exit %d, fix %q\n%s", code, fix, out)
	}
}

// TestCheckNotifyNamesAnEnvironmentProxyThatDoesNotParse: an HTTPS_PROXY
// whose password holds "^" and "|" unencoded was read by Go as a proxy
// named "http:", and check said the platform was busy or the proxy did
// not connect; it names the variable, never its value, and says to
// encode it or give the channel a proxy, posting nothing.
func TestCheckNotifyNamesAnEnvironmentProxyThatDoesNotParse(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	r.env["WECOM_URL"] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tok-wecom"
	r.env["HTTPS_PROXY"] = "http://kw:Pa^ss|1@proxy.corp:3128"
	code, out, errs := r.run(day(0), "check", "--notify")
	line, fix, _ := strings.Cut(out, "notify channel wecom (wecom): webhook URL and secret")
	_, fix, _ = strings.Cut(fix, "fix: ")
	fix, _, _ = strings.Cut(fix, "\n")
	if code != 1 || line == out || !strings.Contains(out, "the environment's HTTPS_PROXY") || !strings.Contains(fix, "%-encode") ||
		strings.Contains(out+errs, "Pa^ss") || strings.Contains(out, "test message posted") || strings.Contains(fix, "webhook URL") {
		t.Fatalf("exit %d, fix %q\n%s\n%s", code, fix, out, errs)
	}
}

// TestCheckNotifyAdvisesTLSCAFile: behind a TLS-inspecting proxy the test
// post fails on the certificate, and the advice names [notify]
// tls_ca_file; a chat-only team writing [notify] with just that key then
// posts.
func TestCheckNotifyAdvisesTLSCAFile(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	robot, caPEM := mailtest.NewTLSChatServer(t, "wecom", "")
	ca := filepath.Join(t.TempDir(), "office-ca.pem")
	if err := os.WriteFile(ca, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	channel := `
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`
	r := newSeqRig(t, srv, channel)
	r.env["WECOM_URL"] = robot.URL
	code, out, _ := r.run(day(0), "check", "--notify")
	if code != 1 || !strings.Contains(out, "[notify] tls_ca_file") || len(robot.Posts()) != 0 {
		t.Fatalf("without tls_ca_file: exit %d\n%s", code, out)
	}
	r = newSeqRig(t, srv, "[notify]\ntls_ca_file = \""+ca+"\"\n"+channel)
	r.env["WECOM_URL"] = robot.URL
	if code, out, errs := r.run(day(0), "check", "--notify"); code != 0 || len(robot.Posts()) != 1 ||
		!strings.Contains(out, "ok    notify channel wecom (wecom): test message posted") {
		t.Fatalf("with [notify] tls_ca_file only: exit %d, %d posts\n%s\n%s", code, len(robot.Posts()), out, errs)
	}
}

// TestCheckNotifyKeepsToTheRobotUnderEveryName: two channels, one per
// language, post to one DingTalk robot. A throttle the daemon kept under
// one name holds the test under the other too; a throttle the test meets
// is kept for the daemon, and the other name is not posted into it; and
// the robot's minute counts the posts under both names and check's own
// tests, so check does not take the robot past DingTalk's 20.
func TestCheckNotifyKeepsToTheRobotUnderEveryName(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	ding := mailtest.NewChatServer(t, "dingtalk", "")
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "ding-en"
kind = "dingtalk"
url_env = "DING_URL"
[[notify.channel]]
name = "ding-zh"
kind = "dingtalk"
url_env = "DING_URL"
`)
	r.env["DING_URL"] = ding.URL
	r.must(day(0), "tick") // the database
	ctx := context.Background()
	db := r.db()
	robot := (&chat.Channel{Kind: "dingtalk", URL: ding.URL}).Fingerprint()

	// The daemon's throttle, kept under ding-en only.
	at := day(0).Add(time.Minute)
	if err := db.SetChatBlock(ctx, "ding-en", keepwarm.ChatBlock{Robot: robot, Until: at.Add(10 * time.Minute), Reason: "channel ding-en: rate limited for 10 minutes (errcode 130101: send too fast)"}); err != nil {
		t.Fatal(err)
	}
	code, out, _ := r.run(at.Add(2*time.Minute), "check", "--notify")
	if ding.Requests() != 0 || code != 1 || !strings.Contains(out, "notify channel ding-zh (dingtalk): test message: the platform throttles this robot until 16:17 CST: not posted") ||
		!strings.Contains(out, "kept for channel ding-en") {
		t.Fatalf("a throttle kept under the other name: %d posts, exit %d\n%s", ding.Requests(), code, out)
	}

	// The test meets a throttle: kept for the robot, under the name whose
	// post was refused, for DingTalk's 10 minutes; ding-zh is not posted.
	at = at.Add(20 * time.Minute)
	ding.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	code, out, _ = r.run(at, "check", "--notify")
	b, err := db.ChatBlock(ctx, "ding-en")
	if err != nil {
		t.Fatal(err)
	}
	if ding.Requests() != 1 || code != 1 || b.Robot != robot || b.Until.Before(at.Add(10*time.Minute)) || b.Until.After(at.Add(10*time.Minute+time.Second)) ||
		!strings.Contains(b.Reason, "130101") || !strings.Contains(out, "notify channel ding-zh (dingtalk): test message: the platform throttles this robot until") {
		t.Fatalf("a throttle the test met: %d posts, exit %d, kept %+v\n%s", ding.Requests(), code, b, out)
	}

	// 18 posts this minute under ding-en: the test under ding-en is the
	// 19th, as many as keepwarm posts to a DingTalk robot in a minute;
	// ding-zh's would be the 20th and waits.
	at = at.Add(20 * time.Minute)
	for i := range 18 {
		if err := db.AddChatPost(ctx, "ding-en", at.Add(time.Duration(i-40)*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ = r.run(at, "check", "--notify")
	posts, err := db.ChatPostsSince(ctx, "ding-en", at.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if ding.Requests() != 2 || code != 1 || len(posts) != 19 || !strings.Contains(out, "ok    notify channel ding-en (dingtalk): test message posted") ||
		!strings.Contains(out, "notify channel ding-zh (dingtalk): test message: the robot took 19 posts in the last minute") {
		t.Fatalf("the robot's minute: %d posts, %d kept, exit %d\n%s", ding.Requests(), len(posts), code, out)
	}
}

// TestCheckNotifyNamesAClockOffNotTheSecret: a machine whose clock runs 8
// hours ahead of the platform's (its RTC on local time read as UTC) signs
// with the right secret, and DingTalk and Feishu refuse the signature in
// the words a wrong secret gets. check --notify reads the answer's date:
// its advice is to set the clock, not to check the secret or the URL.
// With the clocks agreeing, a refused signature is the secret's.
func TestCheckNotifyNamesAClockOffNotTheSecret(t *testing.T) {
	for _, kind := range []string{"dingtalk", "feishu"} {
		t.Run(kind, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newSeqRig(t, srv, `
[[notify.channel]]
name = "robot"
kind = "`+kind+`"
url_env = "ROBOT_URL"
secret_env = "ROBOT_SECRET"
`)
			ft := &countTB{TB: t}
			robot := mailtest.NewChatServer(ft, kind, "the-right-secret")
			// The platform's clock; this machine's, which signs, is the
			// real one (a channel's Wall), whatever keepwarm's clock says.
			robot.Now = func() time.Time { return time.Now().Add(-8 * time.Hour) }
			r.env["ROBOT_URL"], r.env["ROBOT_SECRET"] = robot.URL, "the-right-secret"
			code, out, _ := r.run(day(0), "check", "--notify")
			fix := notifyFix(out, "robot ("+kind+")")
			if code != 1 || robot.Requests() != 1 || ft.n != 1 || !strings.Contains(out, "this machine's clock is 8h00m ahead of the platform's") ||
				!strings.Contains(fix, "set this machine's clock") || !strings.Contains(fix, "NTP") ||
				strings.Contains(fix, "URL is complete") || strings.Contains(fix, "secret_env") {
				t.Fatalf("a clock 8 hours ahead: exit %d, %d requests, fix %q\n%s", code, robot.Requests(), fix, out)
			}

			// The clocks agree, the secret is another robot's.
			robot.Now = time.Now
			r.env["ROBOT_SECRET"] = "another-robots-secret"
			code, out, _ = r.run(day(0), "check", "--notify")
			fix = notifyFix(out, "robot ("+kind+")")
			if code != 1 || ft.n != 2 || !strings.Contains(fix, "this machine's clock agrees with the platform's") || !strings.Contains(fix, "secret_env or secret_cmd") ||
				strings.Contains(out, "this machine's clock is") {
				t.Fatalf("a wrong secret: exit %d, fix %q\n%s", code, fix, out)
			}
		})
	}
}

// TestCheckNotifyUnderNowKeepsNothing: `check --notify --now <another
// day>` still posts its test now, but keeps nothing for the daemon: a
// throttle it meets would be kept until that day plus 10 minutes and hold
// every nudge to the robot until then, and its test, dated then, would
// count in the robot's minute on that day. A block kept 8 hours ahead
// (under a clock since set right) does not hold the test either.
func TestCheckNotifyUnderNowKeepsNothing(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	ding := mailtest.NewChatServer(t, "dingtalk", "")
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
`)
	r.env["DING_URL"] = ding.URL
	r.must(day(0), "tick") // the database
	ctx := context.Background()
	db := r.db()
	at := day(0).Add(time.Minute)
	future := at.AddDate(0, 0, 90).Format(time.RFC3339)
	ding.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	code, out, _ := r.run(at, "--now", future, "check", "--notify")
	if ding.Requests() != 1 || code != 1 {
		t.Fatalf("the test under --now: %d posts, exit %d\n%s", ding.Requests(), code, out)
	}
	if b, err := db.ChatBlock(ctx, "ding"); err != nil || !b.Until.IsZero() {
		t.Errorf("check under --now %s kept a block: %+v, %v", future, b, err)
	}
	for _, since := range []time.Time{at.Add(-time.Hour), at.AddDate(0, 0, 90).Add(-time.Hour)} {
		if posts, err := db.ChatPostsSince(ctx, "ding", since); err != nil || len(posts) != 0 {
			t.Errorf("check under --now %s counted its test at %v (%v)", future, posts, err)
		}
	}

	// A block dated 8 hours ahead was kept under a wrong clock: the test
	// is posted, and keeps the throttle it meets from the real time.
	robot := (&chat.Channel{Kind: "dingtalk", URL: ding.URL}).Fingerprint()
	if err := db.SetChatBlock(ctx, "ding", keepwarm.ChatBlock{Robot: robot, Until: at.Add(8 * time.Hour), Reason: "rate limited for 10 minutes (errcode 130101)"}); err != nil {
		t.Fatal(err)
	}
	ding.Script(mailtest.ChatAnswer{Body: `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`})
	code, out, _ = r.run(at, "check", "--notify")
	if ding.Requests() != 2 || code != 1 || strings.Contains(out, "throttles this robot until") {
		t.Fatalf("a block kept 8 hours ahead held the test: %d posts, exit %d\n%s", ding.Requests()-1, code, out)
	}
	if b, err := db.ChatBlock(ctx, "ding"); err != nil || b.Until.After(at.Add(chat.MaxKeptBlock)) {
		t.Errorf("the throttle the test met is kept until %v (%v), want within 30 minutes of %v", b.Until, err, at)
	}
}

// TestCheckNotifyWaitsForTheDaemonsPostThisSecond: a Slack robot takes one
// post a second. The daemon claimed a nudge's post to it this second
// (kept at the whole second, posted up to its end): check --notify counts
// it to the end of its second, as the daemon counts check's test, and
// waits the second after it before posting its test, rather than post
// 0.3 s after the nudge, be refused as too fast and keep that refusal
// for the robot, holding the daemon's next nudges.
func TestCheckNotifyWaitsForTheDaemonsPostThisSecond(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	slack := mailtest.NewChatServer(t, "slack", "")
	r := newSeqRig(t, srv, `
[[notify.channel]]
name = "slack"
kind = "slack"
url_env = "SLACK_URL"
`)
	r.env["SLACK_URL"] = slack.URL
	r.must(day(0), "tick") // the database
	ctx := context.Background()
	db := r.db()
	claim := day(0).Add(time.Minute).Truncate(time.Second)
	if err := db.AddChatPost(ctx, "slack", claim); err != nil {
		t.Fatal(err)
	}
	clock := keepwarm.NewManualClock(claim.Add(300 * time.Millisecond))
	var out bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, io.Discard, func(k string) string { return r.env[k] })
	m.Clock = clock
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"--config", r.config, "--log-level", "warn", "check", "--notify"})
	}()
	deadline := time.After(time.Minute)
	for clock.PendingWithin(2*time.Second) == 0 {
		select {
		case code := <-done:
			t.Fatalf("check did not wait for the daemon's post this second: exit %d, %d posts 0.3 s after the nudge's claim\n%s", code, slack.Requests(), out.String())
		case <-deadline:
			t.Fatal("check neither waited nor finished")
		case <-time.After(5 * time.Millisecond):
		}
	}
	if n := slack.Requests(); n != 0 {
		t.Fatalf("%d posts while check waits", n)
	}
	clock.Set(claim.Add(2 * time.Second)) // the end of the second after the nudge's
	code := <-done
	posts, err := db.ChatPostsSince(ctx, "slack", claim)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || slack.Requests() != 1 || len(posts) != 2 || !posts[1].Equal(claim.Add(2*time.Second)) ||
		!strings.Contains(out.String(), "ok    notify channel slack (slack): test message posted") {
		t.Fatalf("after the wait: exit %d, %d posts, kept %v\n%s", code, slack.Requests(), posts, out.String())
	}
}
