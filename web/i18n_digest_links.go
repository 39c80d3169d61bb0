package web

// What a digest's links lead to, in Chinese: where the answer to a
// customer's mail stands, on its page, and the customer's open calls.
func init() {
	for k, v := range map[string]string{
		"Marked “no answer needed” by %s, %s.": "%s 于 %s 标记为“无需回复”。",
		"Answered %s by %s.":                   "%s 由 %s 回复。",
		"Answered %s.":                         "已于 %s 回复。",
		"An earlier mail in this conversation is the one waiting for the answer.": "这个会话中更早的一封邮件正在等待回复。",
		"Answered by a mail keepwarm did not see (sent from a phone, or from a mailbox not synced): the customer has since replied to it. When is not known, so it counts neither on time nor late.": "已由 keepwarm 未见到的邮件回复（从手机发出，或从未同步的邮箱发出）：客户已回复了那封邮件。回复时间不明，因此既不算按时也不算超时。",
		"Calls":           "电话任务",
		"past the target": "已超过目标时间",
	} {
		zh[k] = v
	}
}
