package web

// A failed or uncertain send on the desk: what to do about it and the
// button that says it was dealt with, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Ask the recipient whether it arrived before sending it again by hand; then mark it dealt with.":                 "手动重发前，请先问收件人是否收到；处理后标记为已处理。",
		"Its follow-up goes no further by itself: send it again by hand if it is still needed, then mark it dealt with.": "它的跟进不会再自己继续：如仍需要，请手动重发，然后标记为已处理。",
		"Check the address and the mailbox settings, then resend by hand and mark it dealt with.":                        "检查地址和邮箱设置，然后手动重发，并标记为已处理。",
		"I dealt with it":          "我已处理",
		"marked a send dealt with": "把一封发送失败的邮件标记为已处理",
	} {
		zh[k] = v
	}
	zhErrors = append(zhErrors,
		pat(`outbox item (\d+) is a step of a stopped follow-up: resume it, send it again or stop it there`,
			"待发邮件 %s 是一个已停下的跟进的一步：请在该跟进处恢复、重新发送或停止。"),
		pat(`outbox item (\d+) is not in a state that can become settled`,
			"待发邮件 %s 已处理过，或不是发送失败或不确定的邮件。"),
	)
}

// Who a line of the desk's sends goes out as, when not the viewer.
func init() { zh["sent as"] = "发件人" }
