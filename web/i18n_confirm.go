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
