package web

// The texts of the security rules (opt-outs a customer asked for, sign-in)
// in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"They asked for it in their own mail: only a manager can clear it.":                                "客户在自己的邮件中要求退订：只有经理可以取消。",
		"keepwarm could not check your sign-in just now: try again in a moment (you are still signed in).": "keepwarm 暂时无法核对您的登录：请稍后再试（您仍处于登录状态）。",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
