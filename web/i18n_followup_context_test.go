package web

import "testing"

// The reasons a follow-up gives when it is superseded, answered by phone,
// restarted by an information-only mail or changed while an out-of-office
// pauses it read in Chinese.
func TestFollowUpContextReasonsInChinese(t *testing.T) {
	l := Lang{Code: "zh"}
	for en, want := range map[string]string{
		"a newer mail to the same contacts is followed up (thread 4)":                       "发给同一联系人的更新邮件正在跟进（会话 4）",
		"a newer mail to the same contacts is already followed up (thread 4, enrollment 9)": "发给同一联系人的更新邮件已在跟进（会话 4，跟进序列 9）",
		"a newer mail in the thread is followed up":                                         "会话中更新的邮件正在跟进",
		"step clock restarted by a mail from peter@seller.example, who has no [[mailbox]] to send from, in the thread; still following up the mail of 2 November":                                                                                                                              "会话中有一封 peter@seller.example 的邮件（此人没有可发信的 [[mailbox]]），步骤重新计时；仍在跟进 11月2日 的邮件",
		"written by peter@seller.example, who has no [[mailbox]] with an smtp_url to send from: not followed up in lily@seller.example's name":                                                                                                                                                 "这封邮件由 peter@seller.example 写出，此人没有设有 smtp_url 的 [[mailbox]] 可以发信：不会以 lily@seller.example 的名义跟进。",
		"peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up":                                                                                                            "peter@seller.example 在 11月2日 的邮件之后又在会话中写了邮件，但此人没有可发信的 [[mailbox]]：请手动跟进那封邮件，然后恢复或停止该跟进",
		"step clock restarted by an information-only mail in the thread; still following up the mail of 2 November":                                                                                                                                                                            "会话中有一封仅作通知的邮件，步骤重新计时；仍在跟进 11月2日 的邮件",
		"answered by phone: project still pending: decides in March (call task 3 of lily@seller.example, closed 2026-11-06)":                                                                                                                                                                   "电话中已答复：" + zh["project still pending"] + "：decides in March（lily@seller.example 的电话任务 3，2026-11-06 完成）",
		"out of office: hans@buyer.de; step clock restarted by a later mail in the thread":                                                                                                                                                                                                     "hans@buyer.de 的自动回复：不在办公室；会话中有更新的邮件，步骤重新计时",
		"a delivery failure came back for step 1 that names no address: check the address (hans@buyer.de), then resume or stop":                                                                                                                                                                "第 1 步的邮件被退回，但退信没有写明哪个地址失败：请核对地址（hans@buyer.de），然后恢复或停止",
		"on hold: an automatic answer from hans@buyer.de passes on a person's words: read it, then resume or stop the follow-up; step clock restarted by a later mail in the thread":                                                                                                           "暂停：hans@buyer.de 的自动回复转达了某人的话：请先阅读，再恢复或停止跟进；会话中有更新的邮件，步骤重新计时",
		"on hold: a mail filter asks to confirm the sender before it delivers mail to hans@buyer.de: confirm it by hand, then resume the follow-up; step clock restarted by an information-only mail in the thread; still following up the mail of 2 November":                                 "暂停：hans@buyer.de 的邮件过滤器要求先确认发件人才投递邮件：请手动确认后再恢复跟进；会话中有一封仅作通知的邮件，步骤重新计时；仍在跟进 11月2日 的邮件",
		"peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up; step clock restarted by an information-only mail in the thread; still following up the mail of 2 November": "peter@seller.example 在 11月2日 的邮件之后又在会话中写了邮件，但此人没有可发信的 [[mailbox]]：请手动跟进那封邮件，然后恢复或停止该跟进；会话中有一封仅作通知的邮件，步骤重新计时；仍在跟进 11月2日 的邮件",
		"resumed: lily@seller.example wrote in the thread after the automatic answer from hans@buyer.de that passed on a person's words: the steps follow up that mail":                                                                                                                        "已恢复：lily@seller.example 在 hans@buyer.de 转达某人话语的自动回复之后又在会话中写了邮件：后续步骤跟进那封邮件",
		"resumed: lily@seller.example wrote in the thread after peter@seller.example, who has no [[mailbox]] to send from: the steps follow up that mail":                                                                                                                                      "已恢复：lily@seller.example 在 peter@seller.example（此人没有可发信的 [[mailbox]]）的邮件之后又在会话中写了邮件：后续步骤跟进那封邮件",
	} {
		if got := l.Err(en); got != want {
			t.Errorf("%q\n got %q\nwant %q", en, got, want)
		}
	}
}
