package web

import "keepwarm/zhtext"

// The forecast's words for a step that goes as a draft or only in a dry
// run, and for a step that waits for its salesperson's return or for the
// next day (sequences/followup_reload.go), and a letter that waits for a
// running or paused follow-up (sequences/greetings_plan.go), in Chinese.
func init() {
	for k, v := range map[string]string{
		"(draft: filed for the salesperson to send)":                  "（草稿：放入草稿箱，由销售自己发送）",
		"(dry-run: not sent)":                                         "（试运行：不发送）",
		"Days: give a number from 1 to 60; showing the next 14 days.": "天数：请填 1 到 60 之间的数；下面列出的是接下来 14 天。",
	} {
		zh[k] = v
	}
	zhStepMoved["counted from when the previous step's mail is sent"] = "从上一步的邮件发出时算起"
	zhStepMoved["waits for the previous step's mail, still in the outbox, to go out"] = "等上一步仍在发件箱里的邮件发出"
	zhStepMoved["waits for the next day: the contact already has a mail from keepwarm that day (one a day at most)"] = "顺延到第二天：该联系人当天已收到一封 keepwarm 的邮件（每天最多一封）"
	zhtext.Add(
		pat(`a follow-up is running \(enrollment (\d+)\): if it still runs on the letter's day, the letter waits for it to end`,
			"跟进正在进行（跟进序列 %s）：到月度邮件那天若仍在进行，月度邮件等它结束再发"),
		pat(`a follow-up is running \(enrollment (\d+)\): the letter waits for it to end`,
			"跟进正在进行（跟进序列 %s）：月度邮件等它结束再发"),
		pat(`a follow-up is paused until (.+) \(enrollment (\d+)\): if it is still paused on the letter's day, the letter waits for it to end`,
			"跟进已暂停到 %s（跟进序列 %s）：到月度邮件那天若仍在暂停，月度邮件等它结束再发"),
		pat(`a follow-up is paused \(enrollment (\d+)\): if it is still paused on the letter's day, the letter waits for it to end`,
			"跟进已暂停（跟进序列 %s）：到月度邮件那天若仍在暂停，月度邮件等它结束再发"),
		pat(`a follow-up is paused until (.+) \(enrollment (\d+)\): the letter waits for it to end`,
			"跟进已暂停到 %s（跟进序列 %s）：月度邮件等它结束再发"),
		pat(`a follow-up is paused \(enrollment (\d+)\): the letter waits for it to end`,
			"跟进已暂停（跟进序列 %s）：月度邮件等它结束再发"),
		pat(`not sent: a follow-up is paused until (.+) \(enrollment (\d+)\): the letter waits for it to end, and it stayed paused until the month ended`,
			"未发送：跟进已暂停到 %s（跟进序列 %s）：月度邮件等它结束再发，而它到月底仍在暂停"),
		pat(`not sent: a follow-up is paused \(enrollment (\d+)\): the letter waits for it to end, and it stayed paused until the month ended`,
			"未发送：跟进已暂停（跟进序列 %s）：月度邮件等它结束再发，而它到月底仍在暂停"),
		pat(`not sent: a follow-up is running \(enrollment (\d+)\): the letter waits for it to end, and it ran until the month ended`,
			"未发送：跟进正在进行（跟进序列 %s）：月度邮件等它结束再发，而它一直进行到月底"),
		pat(`(\S+) is away \(([^,()]+)\) until (.+): waits until they are back`,
			"%s 不在（%s），直到 %s：等其回来"),
		pat(`(\S+) is away \(([^,()]+), no return date given\): waits until (.+) at the latest, when keepwarm takes them as back`,
			"%s 不在（%s，未给出返回日期）：最晚等到 %s，届时 keepwarm 视其为已回来"),
		pat(`(\S+) is away \(([^,()]+), no return date given\): waits until they are back`,
			"%s 不在（%s，未给出返回日期）：等其回来"),
	)
}
