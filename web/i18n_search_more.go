package web

// The search's notice that more customers match than it shows, in Chinese.
func init() {
	zh["Showing the first %d matches: add a word to narrow the search."] = "只显示前 %d 个匹配结果：请再加一个词缩小搜索范围。"
}
