package web

// The desk's list of mail marked "no answer needed", in Chinese: the
// command for the manager, asking the manager for a salesperson.
func init() {
	zh["Only the 50 most recent marks are listed: take back an older one with keepwarm replies undo MESSAGE."] = "只列出最近 50 条标记：更早的请用 keepwarm replies undo MESSAGE 撤销。"
	zh["Only the 50 most recent marks are listed: ask the manager to take back an older one (keepwarm replies undo MESSAGE)."] = "只列出最近 50 条标记：更早的请让经理撤销（keepwarm replies undo MESSAGE）。"
}
