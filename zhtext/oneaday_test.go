package zhtext

import "testing"

// A follow-up step that gives its day to a greeting planned to its
// recipient says so in Chinese, the address, day and time kept.
func TestStepWaitingForAPlannedGreetingInChinese(t *testing.T) {
	got := Err("waits until 2026-11-26 05:00 UTC: bob@acme-us.com has a greeting from keepwarm planned today (2026-11-25 their time): one a day at most")
	want := "顺延到 2026-11-26 05:00 UTC：bob@acme-us.com 今天（对方时间 2026-11-25）有一封 keepwarm 的问候邮件要发：每人每天最多一封。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A follow-up step carried into the day of a greeting and held at its
// last look says so in Chinese, as held.
func TestStepHeldForAPlannedGreetingInChinese(t *testing.T) {
	got := Err("held: waits until 2026-11-26 05:00 UTC: bob@acme-us.com has a greeting from keepwarm planned today (2026-11-25 their time): one a day at most")
	want := "暂缓发送：顺延到 2026-11-26 05:00 UTC：bob@acme-us.com 今天（对方时间 2026-11-25）有一封 keepwarm 的问候邮件要发：每人每天最多一封。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A queued letter planned again at its last look, its text changed, says
// so in Chinese, the address kept.
func TestLetterPlannedAgainInChinese(t *testing.T) {
	got := Err("the letter's text changed after it was queued (the signature, the sender's name or the products, or in the customer book the contact, or the name, language or salutation of bob@acme-us.com): it is planned again with the new text, if its month allows")
	want := "月度邮件排队后文字有了改动（签名、发件人名字或产品，或客户资料里的联系人，或 bob@acme-us.com 的名字、语言或称呼）：按新文字重新安排（当月还来得及的话）。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
