package zhtext

import (
	"strings"
	"testing"
)

// TestChatUnusableForAnEnvironmentProxyInChinese: the reason an unusable
// channel's nudge goes by mail reads in Chinese, the variable and the
// channel's key kept.
func TestChatUnusableForAnEnvironmentProxyInChinese(t *testing.T) {
	got := Err(`chat channel wecom cannot be used as configured, not posted: notify.channel "wecom": the environment's HTTPS_PROXY, the proxy this channel would post through, does not parse as a URL (a character in its user or password needs %-encoding, such as %25 for %, %5E for ^, %7C for |?): fix it, or set the channel's proxy`)
	want := `群聊 wecom 按当前配置无法使用，未发送：notify.channel "wecom"：服务器环境变量 HTTPS_PROXY 是这个群聊发送要经过的代理，但它不是能解析的网址（用户名或密码里有字符需要 %-编码，例如 % 写成 %25、^ 写成 %5E、| 写成 %7C）：请修正它，或给这个群聊设置 proxy`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if strings.Contains(got, "cannot") {
		t.Errorf("English left: %s", got)
	}
}
