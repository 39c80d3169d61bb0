package web

// The desk's count of waiting mail past its target, in Chinese.
func init() {
	for k, v := range map[string]string{
		"%d past the target": "%d 封已超过目标时间",
		"%d of them are not on this page: the count's link opens the page of the nearest one.": "其中 %d 封不在本页：点这个数字，打开最近一封所在的页。",
	} {
		zh[k] = v
	}
}
