package web

// The texts of saving a console file (sequences, templates, letters), and
// of a manager's change on the sessions page, in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Saved. The follow-ups already waiting could not be moved at once: the running daemon moves them on its next tick.":                                                                                                                              "已保存。已在等待的跟进未能立即调整：运行中的服务会在下一次检查时调整。",
		"this file was changed by someone else since you opened it: reload the page to see their version (what you typed is still below: copy it first)":                                                                                                 "自您打开以来，此文件已被他人修改：请刷新页面查看对方的版本（您输入的内容仍在下方：请先复制）。",
		"the product catalog is empty, so this step is never sent: import one with `keepwarm products import products.xlsx`":                                                                                                                             "产品目录为空，因此这一步永远不会发送：请用 `keepwarm products import products.xlsx` 导入产品目录。",
		"renders with Products empty: add \"requires: Products\" to its header so such a mail is skipped (and the digest says why) instead of sent":                                                                                                      "在 Products 为空时仍会生成邮件：请在模板头部加上 \"requires: Products\"，这样的邮件会被跳过（并在摘要中说明原因），而不是发出去。",
		"renders with Company empty (a customer the book knows only by its domain, a private buyer): add \"requires: Company\" to its header so such a mail is skipped (and the digest says why), or write the company inside {{with .Company}}…{{end}}": "在 Company 为空时（通讯录只知道域名的客户、私人买家）仍会生成邮件：请在模板头部加上 \"requires: Company\"，这样的邮件会被跳过（并在摘要中说明原因），或者把公司名写在 {{with .Company}}…{{end}} 之内。",
		"Saved. Other files still have problems, listed below: the follow-ups take this change once they are fixed.":                                                                                                                                     "已保存。其他文件仍有问题（见下方）：修好之后，跟进才会采用这次修改。",
		"Saved. Another of this month's letter files still does not load (see the preview's problems): no letter goes out this month until it is fixed.":                                                                                                 "已保存。本月的另一个信件文件仍无法加载（见预览中的问题）：修好之前，本月不会发出任何信件。",
		"The greetings job sends none of the month's letters without the file for everyone else.":                                                                                                                                                        "缺少给其他所有人的文件时，问候任务不会发出这个月的任何月度邮件。",
		"no letter that month until there is": "补上之前该月不发月度邮件：",
		"The monthly letters of this month or the next have problems: a month with a letter file that does not load, or with language variants but no file for everyone else, sends no letter at all; the other problems listed concern only some customers' copies.": "本月或下月的月度邮件有问题：某个月只要有一个信件文件无法加载，或者只有语言版本而没有给其他所有人的文件，这个月就不会发出任何月度邮件；列出的其他问题只涉及部分客户收到的那一份。",
		"Saved, but no letter goes out that month: it has language variants and no file for everyone else. Write that one too (the same month with no language).":                                                                                                     "已保存，但该月不会发出月度邮件：该月只有语言版本，没有给其他所有人的文件。请把那个文件也写好（同一月份，不填语言）。",
		"Its text starts as that of": "初始内容取自",
		"That session had ended already: signed out, revoked or expired. Nothing was changed.": "该会话此前已结束：已退出、已被注销或已过期。未做任何更改。",
		"This cannot be saved here:": "此处无法保存：",
		"Failed":                     "失败",
		"Failed: sends that failed or may not have arrived, and follow-ups a failed send stopped (on the desk under Sends that need you).": "失败：发送失败或可能未送达的邮件，以及因发送失败而停止的跟进（见工作台的“需要你处理的发送”）。",
		"(sample)": "（示例）",
		"(the file says %s; capped by [sequences] mode in the config)":                                                                    "（文件里写的是“%s”；配置里的 [sequences] mode 限定了它）",
		"[sequences] mode in the config caps every sequence: %s. A less careful mode chosen here applies only once the config allows it.": "配置里的 [sequences] mode 限定了所有序列：“%s”。在这里选择不那么谨慎的方式，要等配置允许后才会生效。",
		"off": "已关闭",
		"; ":  "；",
		"(the file says %s; follow-ups are turned off by [sequences] disabled in the config: no step goes out)":                             "（文件里写的是“%s”；配置里的 [sequences] disabled 关闭了跟进：任何步骤都不会发出）",
		"(follow-ups are turned off by [sequences] disabled in the config: no step goes out)":                                               "（配置里的 [sequences] disabled 关闭了跟进：任何步骤都不会发出）",
		"Follow-ups are turned off by [sequences] disabled in the config: no step of any sequence goes out, whatever the mode chosen here.": "配置里的 [sequences] disabled 关闭了跟进：无论在这里选择哪种方式，所有序列的任何步骤都不会发出。",
		cutStepsForm:      "表单送达时缺少部分步骤，因此没有保存：请刷新页面后再修改一次。",
		"Reload the form": "重新打开表单",
		"What came is below, to copy from; it cannot be saved from here.": "送达的内容列在下方，可供复制；无法从这里保存。",
		staleOptOutForm:                   "此页面是在 keepwarm 更新之前打开的，因此没有保存：请检查下方内容后再保存一次。",
		"A template or a language of one": "新模板或某个模板的新语言版本",
		"Give the name in lower-case letters, digits, - and _ (e.g. resend) and the language as a code such as es or pt-br (or none).": "名称请用小写字母、数字、- 和 _（例如 resend），语言请用代码，如 es 或 pt-br（也可以留空）。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
