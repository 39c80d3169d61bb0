package web

// Why a customer's mail is not followed up, on the customer's page, in
// Chinese.
func init() {
	for k, v := range map[string]string{
		"Not followed up": "不会跟进的邮件",
		"keepwarm sends no reminder for these mails: follow them up yourself if they need an answer.":                               "keepwarm 不会为这些邮件发跟进：需要回复的，请自己跟进。",
		"to have it followed up, give the customer a grade that has a follow-up (Reviews)":                                          "要让它被跟进，请给客户定一个有跟进序列的等级（复盘）",
		"too old now for keepwarm to follow it up: sent more than max_age ago, a grade or a mailbox given now does not change that": "已超过 max_age，keepwarm 现在不会再跟进：现在给客户定等级或配置邮箱也不会改变",
		"to have it followed up, ask the manager for a mailbox that can send (smtp_url)":                                            "要让它被跟进，请让经理给你配置能发信的邮箱（smtp_url）",
	} {
		zh[k] = v
	}
}
