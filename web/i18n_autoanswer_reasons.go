package web

import "keepwarm/zhtext"

// Why a follow-up is held for an automatic answer keepwarm cannot place,
// in Chinese (sequences/followup_rules.go); after the patterns of
// i18n_errors.go.
func init() {
	zhtext.Add(
		pat(`on hold: an automatic answer from (\S+) passes on a person's words: read it, then resume or stop the follow-up`,
			"暂停：%s 的自动回复转达了某人的话：请先阅读，再恢复或停止跟进"),
	)
}
