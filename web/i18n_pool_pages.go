package web

// The pool a page at a time, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Showing %d–%d of %d, by name.":         "按名称排列，第 %d–%d 个，共 %d 个。",
		"Pages of the pool":                     "公海分页",
		"Previous page":                         "上一页",
		"Next page":                             "下一页",
		"That page of the pool does not exist.": "公海没有这一页。",
	} {
		zh[k] = v
	}
}
