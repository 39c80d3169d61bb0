package web

// The console editors' answers to a save or preview refused because the
// session ended or was replaced, in Chinese.
func init() {
	for k, v := range map[string]string{
		signedAgain: "打开这个页面之后你重新登录过，所以什么都没有保存：你输入的内容在下面；请检查后再按一次“检查并保存”。",
		"Your session has ended: sign in again in another tab and keep this one open, then press Check and save here: nothing is saved, and the form comes back with your text to save.": "会话已结束：请在另一个标签页重新登录，并保留这个标签页，然后在这里按“检查并保存”：不会保存任何内容，表单会带着你输入的内容回来，供你保存。",
		"You were signed in again since this page was opened: press Check and save, and the form comes back with your text, nothing saved, to save again.":                               "打开这个页面之后你重新登录过：请按“检查并保存”，表单会带着你输入的内容回来（不会保存），然后再保存一次。",
		"Nothing was saved":                            "没有保存任何内容",
		"Your session has ended, so nothing was saved": "会话已结束，所以没有保存任何内容",
		"What you typed is on this page: sign in again in another tab and keep this one open, then press Send again here. The form comes back with your text, to check and save.": "你输入的内容在这个页面上：请在另一个标签页重新登录，并保留这个标签页，然后在这里按“再次发送”。表单会带着你输入的内容回来，供你检查并保存。",
		"Sign in in another tab": "在另一个标签页登录",
		"What you typed":         "你输入的内容",
		"Send again":             "再次发送",
	} {
		zh[k] = v
	}
}
