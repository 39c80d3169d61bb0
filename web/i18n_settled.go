package web

// The desk's list of mail marked "no answer needed", in Chinese.
func init() {
	zh["Only the 50 most recent marks are listed: take back an older one with keepwarm replies undo MESSAGE."] = "只列出最近 50 条标记：更早的请用 keepwarm replies undo MESSAGE 撤销。"
}
