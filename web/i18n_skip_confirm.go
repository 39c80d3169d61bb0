package web

// The questions asked before skipping a follow-up's step or a queued
// mail, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Skip this step?":   "跳过这一步？",
		"Skip this mail?":   "跳过这封邮件？",
		"Skip it":           "跳过",
		"Keep it":           "保留",
		"%s · %s · step %d": "%s · %s · 第 %d 步",
		"%s · step %d":      "%s · 第 %d 步",
		"Step %d is not sent and does not come again; the follow-up goes on with step %d as planned, which may read as if this one had gone. Skip cannot be undone: to hold the step for a while, pause the follow-up instead.": "第 %d 步不会发出，也不会再补发；跟进按计划继续第 %d 步，那一步的内容可能写得好像这一步已经发过。跳过无法撤销：只想暂缓一段时间的话，请改为暂停跟进。",
		"It is not sent and not queued again; the follow-up goes on with step %d as planned, which may read as if this one had gone. Skip cannot be undone.":                                                                    "它不会发出，也不会重新排队；跟进按计划继续第 %d 步，那一步的内容可能写得好像这一封已经发过。跳过无法撤销。",
		"No call is asked for step %d, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone: to hold the step for a while, pause the follow-up instead.":                          "第 %d 步不会再要求打电话，跟进也随之结束：这是最后一步，之后不会再发出任何内容。跳过无法撤销：只想暂缓一段时间的话，请改为暂停跟进。",
		"No call is asked for step %d and it does not come again; the follow-up goes on with step %d as planned. Skip cannot be undone: to hold the step for a while, pause the follow-up instead.":                             "第 %d 步不会再要求打电话，也不会再补；跟进按计划继续第 %d 步。跳过无法撤销：只想暂缓一段时间的话，请改为暂停跟进。",
		"Step %d is not sent and does not come again, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone: to hold the step for a while, pause the follow-up instead.":           "第 %d 步不会发出，也不会再补发，跟进也随之结束：这是最后一步，之后不会再发出任何内容。跳过无法撤销：只想暂缓一段时间的话，请改为暂停跟进。",
		"It is not sent and not queued again, and the follow-up ends with it: it was its last step, nothing more goes out. Skip cannot be undone.":                                                                              "它不会发出，也不会重新排队，跟进也随之结束：这是最后一步，之后不会再发出任何内容。跳过无法撤销。",
		"It is not sent and not queued again: a greeting or a letter skipped today does not come back. Skip cannot be undone.":                                                                                                  "它不会发出，也不会重新排队：今天跳过的问候或月度邮件不会再发。跳过无法撤销。",
	} {
		zh[k] = v
	}
}
