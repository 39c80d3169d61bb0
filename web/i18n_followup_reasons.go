package web

// Why a follow-up changed at its last look or on its own rules, in Chinese
// (sequences/followup_rules.go); after the patterns of i18n_errors.go.
func init() {
	zhErrors = append(zhErrors,
		pat(`step (\d+): recipients changed since it was queued; done again for (.+)`, "第 %s 步：排队后收件人有变；已为 %s 重新生成。"),
		pat(`customer regraded from (\S+) to (\S+), which follows no sequence: the follow-up stops`, "客户已从 %s 级改为 %s 级，该级不跟进：跟进已停止。"),
		pat(`customer regraded from (\S+) to (\S+): (\S+) has no step (\d+) like (\S+)'s, so the follow-up stops`, "客户已从 %s 级改为 %s 级：%s 没有与 %[5]s 相同的第 %[4]s 步，跟进已停止。"),
		pat(`customer regraded from (\S+) to (\S+): follows (\S+) from step (\d+)`, "客户已从 %s 级改为 %s 级：从第 %[4]s 步起按 %[3]s 跟进。"),
	)
}
