package web

// The question asked before a customer goes back to the pool, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Release this customer to the pool?":                                                               "把这个客户放回公海？",
		"Any colleague may claim it, and %s cannot claim it again for %d days.":                            "任何同事都可以认领它，%s在 %d 天内不能再认领它。",
		"Any colleague may claim it, and %s cannot claim it again for a day.":                              "任何同事都可以认领它，%s在 1 天内不能再认领它。",
		"Any colleague may claim it.":                                                                      "任何同事都可以认领它。",
		"It was marked won: it stops counting as won, and a claim afterwards comes with a deadline again.": "它已标记为成交：放回后不再算作成交，之后再认领也会重新带有期限。",
		"Its follow-up, active or paused, stops and cannot be resumed.":                                    "它正在进行或暂停的跟进会停止，且无法恢复。",
		"Its %d follow-ups, active or paused, stop and cannot be resumed.":                                 "它正在进行或暂停的 %d 个跟进会停止，且无法恢复。",
		"This cannot be undone from the desk.":                                                             "这一操作无法在工作台上撤销。",
		"you":                                                                                              "你",
		"Release it":                                                                                       "放回公海",
	} {
		zh[k] = v
	}
}
