package zhtext

import "testing"

// A letter held or not sent at its last look because the team wrote to
// the customer itself says so in Chinese, the customer, day and time kept.
func TestLetterAfterThePersonalMailInChinese(t *testing.T) {
	for en, want := range map[string]string{
		"held: the team wrote to Acme Inc. today (08:45 EST): the letter goes Thu 3 Dec 09:00 their time, not after a personal mail the same day":                                                                    "暂缓发送：团队今天（08:45 EST）已亲自给 Acme Inc. 写过信：月度邮件改在对方时间 12月3日（周四）09:00 发出，不紧跟在当天的私人邮件之后。",
		"the team wrote to Acme Inc. on 2026-12-31 (10:00 EST), the last working day of the letter's month: it is not sent, not after a personal mail the same day":                                                  "团队在 2026-12-31（10:00 EST）已亲自给 Acme Inc. 写过信，那是月度邮件当月的最后一个工作日：不再发出，不紧跟在当天的私人邮件之后。",
		"held: bob@acme-us.com has a greeting from keepwarm today: the letter goes Thu 3 Dec 09:00 their time, one a day at most":                                                                                    "暂缓发送：bob@acme-us.com 今天有一封 keepwarm 的问候邮件：月度邮件改在对方时间 12月3日（周四）09:00 发出，每人每天最多一封。",
		"bob@acme-us.com has a greeting from keepwarm on 2026-12-31, the last working day of the letter's month: it is not sent, one a day at most":                                                                  "bob@acme-us.com 在 2026-12-31 有一封 keepwarm 的问候邮件，那是月度邮件当月的最后一个工作日：不再发出，每人每天最多一封。",
		"the letter's month (2026-12) ended in the customer's time (America/New_York) before it could go inside their send window on a day without a greeting to bob@acme-us.com: it is not sent, one a day at most": "月度邮件所在月份（2026-12）在客户时间（America/New_York）已结束，未能在其发送时段内、bob@acme-us.com 没有问候邮件的某一天发出：不再发出，每人每天最多一封。",
		"the letter's month (2026-12) ended in the customer's time (America/New_York) before it could go inside their send window":                                                                                   "月度邮件所在月份（2026-12）在客户时间（America/New_York）已结束，未能在其发送时段内发出：不再发出。",
		"not sent: written to on 2026-12-01 (within 7d)": "未发送：2026-12-01 已给客户写过信（在 7d 之内）。",
	} {
		if got := Err(en); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", en, got, want)
		}
	}
}
