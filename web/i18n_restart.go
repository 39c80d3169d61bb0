package web

// A console save while the daemon holds the follow-ups, in Chinese.
func init() {
	zh["Saved. The follow-ups stay off until keepwarm run is restarted: it checks the sequences and templates when it starts, and they had problems then."] =
		"已保存。跟进仍处于关闭状态，需重启 keepwarm run 才会恢复：它只在启动时检查跟进序列和模板，而当时它们有问题。"
}
