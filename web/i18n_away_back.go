package web

// The desk's Away card beside "Back now" on an out-of-office row, in
// Chinese.
func init() {
	zh["Turn the out-of-office off first: a reply it sends after “Back now” makes them away again until the date it gives."] = "请先关闭自动回复：点“已返回”之后它再发出的回复会让其重新显示为外出，直到回复中写的日期。"
}
