package web

// The texts of saving a console file (sequences, templates, letters) in
// Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Saved. The follow-ups already waiting could not be moved at once: the running daemon moves them on its next tick.": "已保存。已在等待的跟进未能立即调整：运行中的服务会在下一次检查时调整。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
