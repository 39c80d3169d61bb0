package web

import (
	"strings"
	"testing"
)

// A step skipped while a follow-up is held, a mail to other contacts in a
// followed-up thread, a step held through a quiet period the customer keeps
// and mail carried past the customer's send window read in Chinese on the desk, in the digest and in the list of
// queued sends.
func TestFollowUpHoldAndSkipReasonsHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for reason, want := range map[string]string{
		"peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from: follow that mail up by hand, then resume or stop the follow-up; step 1 skipped by lily@seller.example": "peter@seller.example 在 11月2日 的邮件之后又在会话中写了邮件，但此人没有可发信的 [[mailbox]]：请手动跟进那封邮件，然后恢复或停止该跟进；第 1 步已由 lily@seller.example 跳过",
		"a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand":                                                                                                              "这个会话正在跟进发给 hans@buyer.de 的邮件：发给 ute@buyer.de 的这封邮件请手动跟进",
		"held: in a quiet period the customer keeps ([window] skip_quiet): it goes Wed 10 Mar 09:00 their time":                                                                                                            "暂缓发送：客户正处于其遵守的安静期（[window] skip_quiet）：按其当地时间 3月10日（周三）09:00 发出",
		"held: outside the customer's send window (09:00-18:00 Europe/Berlin): it goes Mon 16 Nov 09:00 their time":                                                                                                        "暂缓发送：不在客户的发送时段内（09:00-18:00 Europe/Berlin）：按其当地时间 11月16日（周一）09:00 发出",
		"on hold: it follows up a calendar's answer to a meeting invitation (Accepted: Quotation review PI-2026-031): stop it, or resume it if the thread needs a follow-up":                                               "暂停：所跟进的是日历对会议邀请的答复（Accepted: Quotation review PI-2026-031），不是等待回复的邮件：请停止跟进；如该会话确需跟进，再恢复",
		"outside the customer's send window (09:00-18:00 Asia/Dubai): it goes Sun 15 Nov 09:00 their time":                                                                                                                 "不在客户的发送时段内（09:00-18:00 Asia/Dubai）：按其当地时间 11月15日（周日）09:00 发出",
	} {
		if got := zh.Err(reason); got != want || strings.Contains(got, "November") {
			t.Errorf("Err(%q) = %q, want %q", reason, got, want)
		}
	}
}
