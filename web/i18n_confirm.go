package web

// The question asked before stopping a follow-up, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Stop this follow-up?": "停止这个跟进？",
		"Nothing more goes out in it, and it cannot be resumed: a new follow-up would begin again at its first step. To hold it for a while, pause it instead.": "它不会再发出任何邮件，也无法恢复：重新开始的跟进要从第一步开始。只想暂停一段时间的话，请改用“暂停”。",
		"%s · %s · next: step %d": "%s · %s · 下一步：第 %d 步",
		"Stop it":                 "停止",
		"Keep it going":           "继续跟进",
	} {
		zh[k] = v
	}
}

// The question asked before an uncertain step is sent or filed again, and
// the step Stop gives up, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Send this step again?": "重新发送这一步？",
		"If the first mail did arrive, the customer gets the same mail a second time: ask them first if you can. Sent again, it cannot be taken back.": "如果第一封其实已经送达，客户会再收到同一封邮件：能问的话请先问问客户。重新发送后无法撤回。",
		"Send it again":          "重新发送",
		"File this draft again?": "重新存一份草稿？",
		"A second copy is filed in your Drafts: if the first one is there, or you sent it already, answer “It is in Drafts / I sent it: go on” instead, or the customer may get it twice.": "草稿箱里会再多一份：如果第一份已经在草稿箱里，或者你已经发出，请改选“已在草稿箱 / 我已发出：继续”，否则客户可能收到两次。",
		"File it again":                                              "重新存草稿",
		"%s · %s · step %d (its mail failed)":                        "%s · %s · 第 %d 步（邮件发送失败）",
		"%s · %s · step %d (its mail may have gone out)":             "%s · %s · 第 %d 步（邮件可能已发出）",
		"%s · %s · step %d (it may be in your Drafts)":               "%s · %s · 第 %d 步（可能已在你的草稿箱里）",
		"%s · %s · step %d (held by the pause)":                      "%s · %s · 第 %d 步（因暂停而保留）",
		"%s · %s · step %d (held: its follow-up failed)":             "%s · %s · 第 %d 步（因跟进失败而保留）",
		"%s · %s · step %d (queued for %s; stopped, it does not go)": "%s · %s · 第 %d 步（已排队，%s 发出；停止后不会发出）",
	} {
		zh[k] = v
	}
}
