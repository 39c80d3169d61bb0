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

