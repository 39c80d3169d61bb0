package web

// A follow-up change refused while the sequences or templates have
// problems (app's held engine), in Chinese.
func init() {
	zh["follow-ups are off until the sequences and templates are fixed (the Sequences and Templates pages show the problems): meanwhile a follow-up can be paused or stopped, not resumed, sent again or skipped"] =
		"跟进序列或模板有问题，修好之前跟进已暂停（“序列”和“模板”页面列出了问题）：在此期间可以暂停或停止跟进，但不能恢复、重新发送或跳过步骤。"
}
