package web

// The reports' and the team page's further texts in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"answered for": "代为回复，客户负责人",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
}
