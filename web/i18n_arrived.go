package web

import "keepwarm/zhtext"

// A follow-up whose last step may have gone out: the buttons that say
// whether it arrived, the desk's line, the engine's reasons and refusals
// (sequences/followup_failures.go, followup_manual.go), in Chinese.
func init() {
	for k, v := range map[string]string{
		"It arrived: go on to the next step": "已送达：继续下一步",
		"It did not arrive: send it again":   "未送达：重新发送",
		"Its last step may have reached the customer: ask them. It arrived: go on to the next step. It did not: send it again.":                                                                                         "最后一步的邮件可能已经送达客户：请先问客户。已送达：继续下一步；未送达：重新发送。",
		"Its last step may have reached the customer, and keepwarm could not look for it in Sent: look in your Sent folder, or ask them. It is there or it arrived: go on to the next step. It did not: send it again.": "最后一步的邮件可能已经送达客户，而 keepwarm 无法在“已发送”里查找它：请查看你的“已发送”，或问客户。在那里或已送达：继续下一步；未送达：重新发送。",
		"went on with a follow-up: its step arrived": "继续跟进：该步已送达",
		"It is in Drafts / I sent it: go on":         "已在草稿箱 / 我已发出：继续",
		"It is not there: file it again":             "不在：重新存入草稿箱",
		"Its last step's draft may be in your Drafts already: look there (and in Sent). It is there, or you sent it: go on to the next step. It is not: file it again.": "最后一步的草稿可能已在你的草稿箱里：请查看那里（和“已发送”）。在那里，或你已发出：继续下一步。不在：重新存入草稿箱。",
		"sent a follow-up step again": "重新发送了一步跟进",
		"Its last step may have reached the customer: ask them. It arrived: the follow-up ends, as that was its last step. It did not: send it again.":                                                                                         "最后一步的邮件可能已经送达客户：请先问客户。已送达：跟进到此结束，因为这是它的最后一步；未送达：重新发送。",
		"Its last step may have reached the customer, and keepwarm could not look for it in Sent: look in your Sent folder, or ask them. It is there or it arrived: the follow-up ends, as that was its last step. It did not: send it again.": "最后一步的邮件可能已经送达客户，而 keepwarm 无法在“已发送”里查找它：请查看你的“已发送”，或问客户。在那里或已送达：跟进到此结束，因为这是它的最后一步；未送达：重新发送。",
		"Its last step's draft may be in your Drafts already: look there (and in Sent). It is there, or you sent it: the follow-up ends, as that was its last step. It is not: file it again.":                                                 "最后一步的草稿可能已在你的草稿箱里：请查看那里（和“已发送”）。在那里，或你已发出：跟进到此结束，因为这是它的最后一步。不在：重新存入草稿箱。",
	} {
		zh[k] = v
	}
	zhtext.Add(
		pat(`step (\d+) may not have gone out \((.*)\); it is not in Sent: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again \(or stop\)`,
			"第 %s 步可能没有发出（%s）；“已发送”里没有它：请问收件人是否收到；收到了就继续下一步，没收到就重新发送（或停止）。"),
		pat(`step (\d+) may or may not have gone out \((.*)\): keepwarm could not look for it in Sent; look in your Sent folder, or ask the recipient whether it arrived; if it is there or it arrived, go on to the next step, if not, send it again \(or stop\)`,
			"第 %s 步可能已发出，也可能没有（%s）：keepwarm 无法在“已发送”里查找它；请查看你的“已发送”，或问收件人是否收到；在那里或已收到就继续下一步，没收到就重新发送（或停止）。"),
		pat(`step (\d+) of enrollment (\d+) may have gone out: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again`,
			"第 %s 步（跟进序列 %s）可能已经发出：请问收件人是否收到；收到了就继续下一步，没收到就重新发送。"),
		pat(`enrollment (\d+) is (\w+) and has no step that may have gone out: nothing to confirm`,
			"跟进序列 %s 当前为「%s」，没有可能已发出的步骤：无需确认。", 2),
		pat(`step (\d+) arrived, as (\S+) learnt from the recipient: the follow-up goes on`,
			"第 %s 步已送达（%s 从收件人处得知）：跟进继续。"),
		pat(`step (\d+) arrived, as (\S+) learnt from the recipient; every step done`,
			"第 %s 步已送达（%s 从收件人处得知）；所有步骤已完成。"),
		// The same for a step filed in draft mode: keepwarm stopped while
		// filing it, so it never went to the customer.
		pat(`step (\d+)'s draft may be in Drafts already \((.*)\): look in your Drafts \(and Sent\); if it is there or you sent it, go on to the next step, if not, file it again \(or stop\)`,
			"第 %s 步的草稿可能已在草稿箱里（%s）：请查看你的草稿箱（和“已发送”）；在那里或你已发出就继续下一步，不在就重新存入草稿箱（或停止）。"),
		pat(`step (\d+) of enrollment (\d+) may be in Drafts already: look in your Drafts \(and Sent\); if it is there or you sent it, go on to the next step, if not, file it again`,
			"第 %s 步（跟进序列 %s）可能已在草稿箱里：请查看你的草稿箱（和“已发送”）；在那里或你已发出就继续下一步，不在就重新存入草稿箱。"),
		pat(`step (\d+) is in Drafts or was sent, as (\S+) found: the follow-up goes on`,
			"第 %s 步已在草稿箱里或已发出（%s 确认）：跟进继续。"),
		pat(`step (\d+) is in Drafts or was sent, as (\S+) found; every step done`,
			"第 %s 步已在草稿箱里或已发出（%s 确认）；所有步骤已完成。"),
	)
}
