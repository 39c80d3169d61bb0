package web

// A draft keepwarm filed that nobody should send any more but could not
// take out of Drafts, on the desk, in Chinese.
func init() {
	for k, v := range map[string]string{
		"This draft is still in your Drafts, and nobody should send it any more: the customer answered, its follow-up ended, or the address opted out or bounced. Your mail server does not let keepwarm take it out: delete it there, then mark it dealt with.":                                     "这封草稿还在你的草稿箱里，已经不该再发出：客户已回复、它的跟进已结束，或该地址已退订或退信。你的邮件服务器不允许 keepwarm 把它取出：请在草稿箱里删除它，然后标记为已处理。",
		"This draft is still in your Drafts, and nobody should send it any more: the customer answered, its follow-up ended, or the address opted out or bounced. It was changed after keepwarm filed it, so keepwarm left it there: delete it unless you mean to send it, then mark it dealt with.": "这封草稿还在你的草稿箱里，已经不该再发出：客户已回复、它的跟进已结束，或该地址已退订或退信。它在 keepwarm 存入后被改过，所以 keepwarm 没有动它：除非你确实要发，请删除它，然后标记为已处理。",
	} {
		zh[k] = v
	}
}
