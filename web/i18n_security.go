package web

// The texts of the security rules (opt-outs a customer asked for, sign-in)
// in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"They asked for it in their own mail: only a manager can clear it.": "客户在自己的邮件中要求退订：只有经理可以取消。",
		"Sign-in links are held back: these addresses were mailed %d in the last 24 hours, the most allowed, so more are mailed only to a browser that signed in from the same place before (someone may be asking for them in bulk). If one of them cannot sign in, print them a link:": "登录链接已达上限：以下地址在过去 24 小时内已收到 %d 封，此后只发给以前在同一地点登录过的浏览器（可能有人在批量索取）。如果其中有人无法登录，请用下面的命令为其生成登录链接：",
		"This browser is signed in as %s: if that is not you, sign out, then ask for a link of your own.":              "此浏览器已以 %s 的身份登录：如果不是您，请先退出，再获取您自己的登录链接。",
		"This form was sent from a page of another site, so keepwarm did nothing: open keepwarm itself and try again.": "此表单是从其他网站的页面提交的，keepwarm 没有执行任何操作：请直接打开 keepwarm 后重试。",
		"keepwarm could not check your sign-in just now: try again in a moment.":                                       "keepwarm 暂时无法核对您的登录：请稍后再试。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
