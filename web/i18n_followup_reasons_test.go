package web_test

import (
	"testing"

	"keepwarm/web"
)

// The follow-up's reasons from its stop rules and last look read in
// Chinese, each with the values it carries.
func TestFollowUpReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 1: recipients changed since it was queued; done again for hans@buyer.de":                       "第 1 步：排队后收件人有变；已为 hans@buyer.de 重新生成。",
		"customer regraded from A to E, which follows no sequence: the follow-up stops":                      "客户已从 A 级改为 E 级，该级不跟进：跟进已停止。",
		"customer regraded from ungraded to E, which follows no sequence: the follow-up stops":               "客户已从未分级改为 E 级，该级不跟进：跟进已停止。",
		"customer regraded from A to C: follows secondary from step 1":                                       "客户已从 A 级改为 C 级：从第 1 步起按 secondary 跟进。",
		"the mail followed up was keepwarm's letter, sent from Drafts: it is not followed up":                "所跟进的邮件是 keepwarm 的月度邮件（从草稿箱发出）：不跟进。",
		"the mail followed up was keepwarm's greeting, sent from Drafts: it is not followed up":              "所跟进的邮件是 keepwarm 的问候（从草稿箱发出）：不跟进。",
		"customer regraded from A to C: secondary has no step 3 like key-customer's, so the follow-up stops": "客户已从 A 级改为 C 级：secondary 没有与 key-customer 相同的第 3 步，跟进已停止。",
	} {
		if got := zh.Err(msg); got != want {
			t.Errorf("Err(%q) = %q, want %q", msg, got, want)
		}
	}
}
