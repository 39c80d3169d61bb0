package web

import (
	"fmt"
	"keepwarm/zhtext"
	"regexp"
)

// Stopping a planned greeting or letter from the forecast, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Don't send":                "不要发送",
		"Don't send this greeting?": "不发送这封问候？",
		"Don't send this letter?":   "不发送这封月度信件？",
		"Don't send it":             "不发送",
		"It is recorded as skipped now: it is not sent and not planned again, as a greeting or a letter skipped on the desk does not come back. This cannot be undone.": "现在就记为已跳过：它不会发出，也不会再安排，和在工作台上跳过的问候或月度信件一样不会再来。此操作无法撤销。",
		"Greetings and letters not queued yet are in the forecast, each with “Don't send”.":                                                                             "尚未排入发送队列的问候和月度信件在“预测”里，每一封都有“不要发送”。",
		"Recorded as skipped once you say so: the greetings job never sends it":                                                                                         "确认后记为已跳过：问候任务不会再发送它",
	} {
		zh[k] = v
	}
	kind := func(k string) string {
		if k == "letter" {
			return "月度信件"
		}
		return "问候"
	}
	zhtext.Add(
		errPattern{Re: regexp.MustCompile(`^the (greeting|letter) to (\S+) is not waiting to go \((.+)\): there is nothing to stop$`),
			Zh: func(m []string) string {
				return fmt.Sprintf("发给 %s 的%s已不在等待发送（%s）：无需停止。", m[2], kind(m[1]), status(m[3]))
			}},
		errPattern{Re: regexp.MustCompile(`^the (greeting|letter) to (\S+) is (\w+) already: there is nothing to stop$`),
			Zh: func(m []string) string {
				return fmt.Sprintf("发给 %s 的%s已是「%s」：无需停止。", m[2], kind(m[1]), status(m[3]))
			}},
		errPattern{Re: regexp.MustCompile(`^the (greeting|letter) to (\S+) is queued already: Skip it on the desk, under “keepwarm will send”$`),
			Zh: func(m []string) string {
				return fmt.Sprintf("发给 %s 的%s已排入发送队列：请在工作台“keepwarm 将发送”下点“跳过”。", m[2], kind(m[1]))
			}},
		errPattern{Re: regexp.MustCompile(`^the (greeting|letter) to (\S+) changed meanwhile: reload the page$`),
			Zh: func(m []string) string {
				return fmt.Sprintf("发给 %s 的%s刚刚有变化：请刷新页面。", m[2], kind(m[1]))
			}},
	)
}
