package web

import (
	"fmt"
	"keepwarm/zhtext"
	"regexp"
)

// Why a follow-up changed at its last look or on its own rules, in Chinese
// (sequences/followup_rules.go); after the patterns of i18n_errors.go.
func init() {
	zhtext.Add(
		pat(`step (\d+): recipients changed since it was queued; done again for (.+)`, "第 %s 步：排队后收件人有变；已为 %s 重新生成。"),
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+), which follows no sequence: the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s，该级不跟进：跟进已停止。", zhRegrade(m[1]), zhRegrade(m[2]))
		}},
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+): (\S+) has no step (\d+) like (\S+)'s, so the follow-up stops$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s：%s 没有与 %s 相同的第 %s 步，跟进已停止。", zhRegrade(m[1]), zhRegrade(m[2]), m[3], m[5], m[4])
		}},
		errPattern{Re: regexp.MustCompile(`^customer regraded from (\S+) to (\S+): follows (\S+) from step (\d+)$`), Zh: func(m []string) string {
			return fmt.Sprintf("客户已从%s改为%s：从第 %s 步起按 %s 跟进。", zhRegrade(m[1]), zhRegrade(m[2]), m[4], m[3])
		}},
		errPattern{Re: regexp.MustCompile(`^the mail followed up was keepwarm's (greeting|letter), sent from Drafts: it is not followed up$`), Zh: func(m []string) string {
			return fmt.Sprintf("所跟进的邮件是 keepwarm 的%s（从草稿箱发出）：不跟进。", map[string]string{"greeting": "问候", "letter": "月度邮件"}[m[1]])
		}},
	)
}

// zhRegrade names a grade in a regrade reason: " A 级", "未分级".
func zhRegrade(g string) string {
	if g == "ungraded" {
		return "未分级"
	}
	return " " + g + " 级"
}
