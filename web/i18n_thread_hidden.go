package web

// What a customer's page leaves out of its conversations and of its
// changes, in Chinese.
func init() {
	for k, v := range map[string]string{
		"The %d most recently active are shown; %d older conversations are not.": "只显示最近活跃的 %d 个会话；另有 %d 个较早的会话未显示。",
		"The %d most recently active are shown; 1 older conversation is not.":    "只显示最近活跃的 %d 个会话；另有 1 个较早的会话未显示。",
		"1 earlier message not shown: the newest %d are.":                        "有 1 封较早的邮件未显示：只显示最新的 %d 封。",
		"%d earlier messages not shown: the newest %d are.":                      "有 %d 封较早的邮件未显示：只显示最新的 %d 封。",
		"The %d most recent changes are shown; %d older changes are not.":        "只显示最近的 %d 条改动；另有 %d 条较早的改动未显示。",
		"The %d most recent changes are shown; 1 older change is not.":           "只显示最近的 %d 条改动；另有 1 条较早的改动未显示。",
	} {
		zh[k] = v
	}
}
