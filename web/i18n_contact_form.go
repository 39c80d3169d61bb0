package web

import "keepwarm/zhtext"

// The contact form changes only what the person changed: its texts and
// refusals in Chinese.
func init() {
	zh["They asked for it in their own mail: clear it only when they ask to hear from you again."] =
		"客户在自己的邮件中要求退订：只有在对方要求再收到您的邮件时才取消。"
	// A colleague of one who asked for the whole company: not written to,
	// though their own box is not ticked.
	zh["Opted out with the company"] = "随公司退订"
	zhtext.Add(
		pat(`salutation "(.*)" holds "(.*)", another mail program's placeholder, which keepwarm does not fill in: write the salutation itself, such as "Dear Mr\. Meier"`,
			"称呼“%s”里有“%s”，这是别的邮件程序的占位符，keepwarm 不会替换它：请直接写出称呼，例如“Dear Mr. Meier”。"),
		pat(`(\S+) asked in their own mail not to be written to, after this page was opened: nothing was saved; reload the page`,
			"%s 在此页面打开之后发邮件要求不再收到邮件：本次未保存任何修改；请刷新页面。"),
	)
}
