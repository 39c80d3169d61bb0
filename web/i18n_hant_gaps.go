package web

import "keepwarm/zhtext"

// A team's NAME.zh.tmpl that Taiwan, Hong Kong and Macao do not get
// (templates.HantGaps), in Chinese.
func init() {
	zhtext.Add(
		pat(`^(\S+) is not used for Taiwan, Hong Kong or Macao \(zh-hant\): they get the built-in (\S+); add (\S+) in your own wording$`,
			"台湾、香港、澳门（zh-hant）不使用 %[1]s：他们收到的是内置的 %[2]s；请用你们自己的措辞添加 %[3]s"),
		pat(`^(\S+) is not used for Taiwan, Hong Kong or Macao \(zh-hant\): a thread in Traditional characters is held and one whose language is not read goes in English; add (\S+)$`,
			"台湾、香港、澳门（zh-hant）不使用 %[1]s：用繁体字写的会话会被暂停，看不出语言的会话则发英文版；请添加 %[2]s"),
	)
}
