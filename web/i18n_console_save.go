package web

// The texts of saving a console file (sequences, templates, letters) in
// Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Saved. The follow-ups already waiting could not be moved at once: the running daemon moves them on its next tick.":                              "已保存。已在等待的跟进未能立即调整：运行中的服务会在下一次检查时调整。",
		"this file was changed by someone else since you opened it: reload the page to see their version (what you typed is still below: copy it first)": "自您打开以来，此文件已被他人修改：请刷新页面查看对方的版本（您输入的内容仍在下方：请先复制）。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
