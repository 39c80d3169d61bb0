package web

// The desk's count of waiting mail past its target, in Chinese.
func init() {
	for k, v := range map[string]string{
		"%d past the target": "%d 封已超过目标时间",
		"%d of them are not on this page; the oldest mail is under “Oldest”.": "其中 %d 封不在本页；最早的邮件在“最早”里。",
	} {
		zh[k] = v
	}
}
