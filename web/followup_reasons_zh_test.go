package web_test

import (
	"strings"
	"testing"

	"keepwarm/web"
)

// A step counted from when the previous step's mail went out, and a step
// done again in a more careful mode, read in Chinese on a Chinese desk,
// the day too; so do why a mail is not followed up: only the figures,
// addresses and the config's names are left.
func TestLateStepModeChangeAndNotFollowedUpReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 3 counts from when step 2's mail went out (Mon 7 Dec 09:12), not from when it was due": "第 3 步从第 2 步的邮件实际发出时（12月7日（周一）09:12）起计时，不从它原定的时间起计时",
		"step 2: the mode is now draft; done again in that mode":                                     "第 2 步：模式已改为「存为草稿」；按这个模式重新处理",
		"step 2: the mode is now dry-run; done again in that mode":                                   "第 2 步：模式已改为「试运行」；按这个模式重新处理",
		// Why a mail is not followed up, on the customer's page.
		`customer domain:acme.com follows no sequence (grade "")`:                                                                            "客户 domain:acme.com 不在任何跟进序列中（未分级）",
		"sent 2026-10-02, more than max_age (336h0m0s) before it was first seen":                                                             "2026-10-02 发出，首次看到时已超过 max_age（336h0m0s）",
		"no mailbox to send from: give customer domain:acme.com an owner whose [[mailbox]] has an smtp_url":                                  "没有可发信的邮箱：请给客户 domain:acme.com 指定一位负责人，且其 [[mailbox]] 设有 smtp_url",
		"no recipient may be written to: bounced":                                                                                            "没有可以写信的收件人：已退信",
		"no recipient may be written to: opted-out":                                                                                          "没有可以写信的收件人：已退订",
		"no recipient may be written to: left the company":                                                                                   "没有可以写信的收件人：联系人已离职",
		"a newer mail to the same contacts is already followed up (thread 7, enrollment 3)":                                                  "发给同一联系人的更新邮件已在跟进（会话 7，跟进序列 3）",
		"written by tom@seller.example, who has no [[mailbox]] with an smtp_url to send from: not followed up in lily@seller.example's name": "",
	} {
		got := zh.Err(msg)
		if want != "" && got != want {
			t.Errorf("%q in Chinese: %q, want %q", msg, got, want)
		}
		rest := strings.NewReplacer("domain:acme.com", "", "tom@seller.example", "", "lily@seller.example", "", "max_age", "", "[[mailbox]]", "", "smtp_url", "", "336h0m0s", "").Replace(got)
		if strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}
