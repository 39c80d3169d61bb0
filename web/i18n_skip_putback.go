package web

import (
	"keepwarm/zhtext"
	"regexp"
)

// Skip on a mail the send's last look did not send but put its step back
// to be done again (app's SkipSend, QueuedSend's PutBack), in Chinese.
func init() {
	for k, v := range map[string]string{
		"This mail was not sent: the last look before the send put step %d back, and it was written again since.":                                                                    "这封邮件没有发出：发送前的最后检查把第 %d 步放回，之后已重新撰写。",
		"This mail was not sent: the last look before the send put step %d back, and it was written again since, queued for %s.":                                                     "这封邮件没有发出：发送前的最后检查把第 %d 步放回，之后已重新撰写，排队于 %s 发出。",
		"This mail was not sent: its follow-up is paused, so the last look before the send put step %d back, to be written again and sent when the follow-up is resumed.":            "这封邮件没有发出：它的跟进已暂停，发送前的最后检查把第 %d 步放回，跟进恢复时会重新撰写并发出。",
		"This mail was not sent: its follow-up is paused until %s, so the last look before the send put step %d back, to be written again and sent when the pause is over, from %s.": "这封邮件没有发出：它的跟进暂停到 %s，发送前的最后检查把第 %d 步放回，暂停结束后会从 %s 起重新撰写并发出。",
		"This mail was not sent: the last look before the send put step %d back, to be written again and sent at once.":                                                              "这封邮件没有发出：发送前的最后检查把第 %d 步放回，会立即重新撰写并发出。",
		"This mail was not sent: the last look before the send put step %d back, to be written again and sent from %s.":                                                              "这封邮件没有发出：发送前的最后检查把第 %d 步放回，会在 %s 起重新撰写并发出。",
	} {
		zh[k] = v
	}
	zhtext.Add(
		errPattern{Re: regexp.MustCompile(`^outbox item (\d+) was not sent: its step (\d+) was written again as outbox item (\d+); (.+)$`), Zh: func(m []string) string {
			return "待发邮件 " + m[1] + " 没有发出：它的第 " + m[2] + " 步已重新撰写为待发邮件 " + m[3] + "；" + zhtext.Err(m[4])
		}},
	)
}
