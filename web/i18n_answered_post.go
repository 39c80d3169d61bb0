package web

// The page a form's answer's address opens with a GET (answeredPost), in
// Chinese.
func init() {
	zh["This address was the answer to a button you pressed (such as Stop, Skip or Send it again) and cannot be opened again: opening it did nothing. The desk shows where things stand now."] = "这个地址是你按下某个按钮（例如“停止”“跳过”“重新发送”）后得到的页面，不能再次打开：打开它没有做任何操作。工作台上可以看到现在的情况。"
}
