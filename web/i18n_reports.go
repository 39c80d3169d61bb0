package web

// The reports' and the team page's further texts in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Threads enrolled in each sequence and what became of them: still running, answered by mail, answered by phone (the sequence's call reached the customer; the mails got no answer), no answer after every step, bounced, opted out, stopped by a person, superseded by a newer thread, or failed (a send that could not go out); dry run: every step only recorded, nothing sent (mode dry-run), in no other column. The answer rate is answered by mail of those that reached an outcome.": "每个跟进序列中的邮件往来及其结果：仍在进行、邮件回复、电话联系上（序列中的电话联系到了客户；邮件没有得到回复）、全部步骤后仍无回复、退信、退订、被人停止、被更新的往来取代，或失败（邮件发不出去）；试运行：所有步骤只做了记录，什么都没有发出（dry-run 模式），不计入其他各列。回复率为已有结果的跟进中以邮件回复的比例。",
		"The targets changed: this period's mail was judged with %s (each message keeps the target of its day).": "回复时限改过：本期的邮件按 %s 计算（每封邮件按其到达当天的时限计算）。",
		"dry run":           "试运行（未发送）",
		"answered by phone": "电话联系上",
		"answered for":      "代为回复，客户负责人",
		"owner now":         "现负责人",
		"away, covered by":  "负责人不在，代理人",
		"Not on the team":   "不在团队中",
		"(no owner)":        "（无负责人）",
		"(pool)":            "（公海）",
		"(none)":            "（无）",
		"Not on the team: mail and follow-ups owned by someone who is not a salesperson on the team (the manager, for a mailbox without an owner; someone who left, until their customers are handed on).": "不在团队中：负责人不是团队销售的邮件和跟进（没有负责人的邮箱归经理；已离职的人，直到其客户转给别人）。",
		"latest":         "最近",
		"older":          "较早",
		"Latest entries": "最新记录",
		"Older entries":  "更早的记录",
		"Still waiting from before this period: %d": "本期之前到达、至今仍未回复：%d 封",
		"Customer mail that came before these 30 days and still has no answer, counted in none of the figures above; the longest waiting first.": "这 30 天之前到达、至今仍未回复的客户邮件，不计入上面的任何数字；等得最久的排在前面。",
		"%d are listed; the desk has them all.": "此处列出 %d 封；工作台上列有全部。",
		"%d are listed, oldest first: the mail still waiting, from the longest waiting, then the most recently answered late; %d more are in the CSV.": "此处列出 %d 条（从早到晚排列）：先是仍在等待回复的邮件（从等得最久的起），再是最近超时回复的邮件；另有 %d 条在 CSV 文件中。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
