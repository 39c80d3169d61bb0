package zhtext

import "regexp"

// A chat channel's nudge that goes by mail instead says why, and so does
// the item in the digest and on the console (chat's failUnusable, app's
// envProxyProblem): the platform's own words and a key's name stay as
// they are.
func init() {
	Add(
		Pattern{Re: regexp.MustCompile(`^chat channel (\S+) cannot be used as configured, not posted: (.+)$`), Zh: func(m []string) string {
			return "群聊 " + m[1] + " 按当前配置无法使用，未发送：" + Err(m[2])
		}},
		pat(`(.+): the environment's (\S+), the proxy this channel would post through, does not parse as a URL \(a character in its user or password needs %-encoding, such as %25 for %, %5E for \^, %7C for \|\?\): fix it, or set the channel's proxy`,
			"%s：服务器环境变量 %s 是这个群聊发送要经过的代理，但它不是能解析的网址（用户名或密码里有字符需要 %%-编码，例如 %% 写成 %%25、^ 写成 %%5E、| 写成 %%7C）：请修正它，或给这个群聊设置 proxy"),
	)
}
