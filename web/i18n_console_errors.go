package web

// The console's own messages about a template, a sequence or a letter
// being edited (app/web_console.go, app/console_preview.go), in Chinese.
func init() {
	zhErrors = append(zhErrors,
		pat(`this customer would get (\S+) \((\S+)\); shown: (\S+), as a contact writing (\S+) would get it`,
			"这位客户会收到 %s（%s）；此处显示的是 %s，即用 %s 写信的联系人会收到的内容。"),
	)
}
