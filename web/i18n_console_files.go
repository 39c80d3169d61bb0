package web

// The console's refusals and notes about the team's sequence and template
// files as a whole (app/web_console.go), in Chinese.
func init() {
	zhErrors = append(zhErrors,
		pat(`the file (.*) already holds the sequence "(.*)": choose another name`,
			"文件 %s 里已经是序列「%s」：请换一个名称。"),
		pat(`the file (.*) is already in the sequences directory and does not load \(the Sequences page shows its problems\): fix or remove it, or choose another name`,
			"序列目录里已经有文件 %s，但它无法加载（“序列”页面列出了它的问题）：请先修好或删除它，或者换一个名称。"),
		pat(`no sequence named "(.*)" \(known: (.*)\)`, "没有名为「%s」的序列（现有：%s）。"),
	)
}
