package web

// The texts of the security rules (opt-outs a customer asked for, sign-in)
// in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"They asked for it in their own mail: only a manager can clear it.": "客户在自己的邮件中要求退订：只有经理可以取消。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
