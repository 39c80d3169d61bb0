package web

import "keepwarm/zhtext"

// Pausing a follow-up until a date, in Chinese.
func init() {
	for k, v := range map[string]string{
		"until (the customer's date; empty: until you resume it)": "暂停到（客户当地日期；留空：直到你恢复）",
		"paused until": "暂停至",
		"Pause until %q: give a date as 2026-12-20, or none to pause until you resume it.": "暂停到 %q：请填写日期，如 2026-12-20；留空则暂停到你恢复为止。",
	} {
		zh[k] = v
	}
	zhtext.Add(
		pat(`pause until (\S+) is in the past \(now (.+)\)`, "暂停到 %s：这个日期已经过去（现在是 %s）。请选择以后的日期。"),
		pat(`pause until "(.*)": give a date as 2026-12-20`, "暂停到 “%s”：请填写日期，如 2026-12-20。"),
	)
}
