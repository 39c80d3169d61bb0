package web

// The desk's and the forecast's words about what keepwarm sends, and the
// sign-in page without mail, in Chinese, merged into zh. This file's
// patterns are appended after every other file's (its name sorts last
// among the i18n files): the general "step N: ..." one must come after the
// particular ones.
func init() {
	for k, v := range map[string]string{
		"Paused, no date: nothing goes out until you resume it": "已暂停、未定日期：恢复之前不会发出",
		"paused, no date": "已暂停，未定日期",
		"Sign-in links are not mailed here: ask your manager, or whoever runs keepwarm, for one. They print it with keepwarm web link and your address.": "这里不通过邮件发送登录链接：请向经理或负责运行 keepwarm 的人索取。他们用 keepwarm web link 加上你的邮箱地址生成链接。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
