package web

// Why a follow-up changed at its last look or on its own rules, in Chinese
// (sequences/followup_rules.go); after the patterns of i18n_errors.go.
func init() {
	zhErrors = append(zhErrors,
		pat(`step (\d+): recipients changed since it was queued; done again for (.+)`, "第 %s 步：排队后收件人有变；已为 %s 重新生成。"),
	)
}
