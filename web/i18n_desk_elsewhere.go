package web

// The desk's follow-ups in the person's name to customers whose page is
// not theirs, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Later, in your name, to customers whose page is not yours":                                     "更晚的：以你的名义发给不归你的客户",
		"A colleague has the customer now; the follow-up still goes out as you. Pause or stop it here.": "这些客户现在归同事负责，但跟进邮件仍以你的名义发出。可在这里暂停或停止。",
	} {
		zh[k] = v
	}
}
