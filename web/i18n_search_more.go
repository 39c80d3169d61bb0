package web

// The search's notice that more customers match than it shows, in Chinese.
// The search matches what is typed as one piece of text, so the notice asks
// for more of it, not for another word.
func init() {
	zh["Showing the first %d matches: type more of the name, email, domain or phone to narrow the search."] = "只显示前 %d 个匹配结果：请输入更完整的名称、邮箱、域名或电话，缩小搜索范围。"
}
