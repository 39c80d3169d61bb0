package web

import (
	"keepwarm/zhtext"
	"regexp"
	"strings"
)

// A failed or uncertain send on the desk: what to do about it and the
// button that says it was dealt with, in Chinese.
func init() {
	for k, v := range map[string]string{
		"Ask the recipient whether it arrived. It arrived: mark it so, and its copy is filed in Sent. It did not: send it again by hand, then mark it dealt with.":                                                                                                                                                                         "请问收件人是否收到。收到了：标记为已送达，副本会存入“已发送”。没收到：手动重发，然后标记为已处理。",
		"keepwarm may have filed this draft already, and nobody should send it any more: the address opted out or bounced. Look in your Drafts: delete it there if you find it, then mark it dealt with.":                                                                                                                                  "keepwarm 可能已经把这封草稿存入草稿箱，但它已经不该再发出：该地址已退订或退信。请查看你的草稿箱：如果在那里，请删除它，然后标记为已处理。",
		"keepwarm may have filed this draft already: look in your Drafts (and Sent). It is there, or you sent it: mark it so. It is not: write it again by hand, then mark it dealt with.":                                                                                                                                                 "keepwarm 可能已经把这封草稿存入草稿箱：请查看你的草稿箱（和“已发送”）。在那里，或你已发出：标记一下。不在：请手动重写，然后标记为已处理。",
		"Your mail server files sent mail in Sent itself, and this one is not there: it most likely did not go out. Ask the recipient whether it arrived. It arrived: mark it so (keepwarm files no copy). It did not: send it again by hand, then mark it dealt with.":                                                                    "你的邮件服务器会自己把发出的邮件存入“已发送”，而这封不在那里：它很可能没有发出。请问收件人是否收到。收到了：标记为已送达（keepwarm 不再存副本）。没收到：手动重发，然后标记为已处理。",
		"Your mail server files sent mail in Sent itself, but keepwarm could not look there for this one: it may or may not have gone out. Look in your Sent folder, or ask the recipient whether it arrived. It is there or it arrived: mark it so (keepwarm files no copy). It did not: send it again by hand, then mark it dealt with.": "你的邮件服务器会自己把发出的邮件存入“已发送”，但 keepwarm 无法在那里查找这封：它可能已发出，也可能没有。请查看你的“已发送”，或问收件人是否收到。在那里或已收到：标记为已送达（keepwarm 不再存副本）。没收到：手动重发，然后标记为已处理。",
		"Ask the recipient whether it arrived. It arrived: mark it so (its mailbox is no longer set up to send, so keepwarm files no copy in Sent). It did not: send it again by hand, then mark it dealt with.":                                                                                                                           "请问收件人是否收到。收到了：标记为已送达（它的发件邮箱已不再设置为发信，keepwarm 不会在“已发送”里存副本）。没收到：手动重发，然后标记为已处理。",
		"It arrived":                             "已送达",
		"It is in Drafts / I sent it":            "已在草稿箱 / 我已发出",
		"marked an uncertain send as arrived":    "把一封不确定的邮件标记为已送达",
		"marked an uncertain draft as in Drafts": "把一封不确定的草稿标记为已在草稿箱",
		"Its follow-up goes no further by itself: send it again by hand if it is still needed, then mark it dealt with.": "它的跟进不会再自己继续：如仍需要，请手动重发，然后标记为已处理。",
		"Check the address and the mailbox settings, then resend by hand and mark it dealt with.":                        "检查地址和邮箱设置，然后手动重发，并标记为已处理。",
		"I dealt with it":          "我已处理",
		"marked a send dealt with": "把一封发送失败的邮件标记为已处理",
	} {
		zh[k] = v
	}
	zhtext.Add(
		pat(`outbox item (\d+) is a step of a stopped follow-up: resume it, send it again or stop it there`,
			"待发邮件 %s 是一个已停下的跟进的一步：请在该跟进处恢复、重新发送或停止。"),
		pat(`outbox item (\d+) is a step of a stopped follow-up: resume it, send it again or stop it there \(keepwarm resume (\d+) --arrived or --resend\)`,
			"待发邮件 %s 是一个已停下的跟进的一步：请在该跟进处恢复、重新发送或停止（keepwarm resume %s --arrived 或 --resend）。"),
		pat(`outbox item (\d+) is not in a state that can become sent \(arrived\)`,
			"待发邮件 %s 已不是不确定的邮件：无需再标记为已送达。"),
		pat(`outbox item (\d+) was dealt with at (.+): nothing changed`,
			"待发邮件 %s 已于 %s 处理过：未作改动。"),
		pat(`outbox item (\d+) is not in a state that can become settled`,
			"待发邮件 %s 已处理过，或不是发送失败或不确定的邮件。"),
		// Skip pressed on an item the dispatcher claimed meanwhile
		// (app's SkipSend): whether the customer gets the mail.
		pat(`outbox item (\d+) is not in a state that can become skipped`,
			"待发邮件 %s 已不在队列中，无法跳过。"),
		pat(`outbox item (\d+) is being sent now: Skip came too late`,
			"待发邮件 %s 正在发送：跳过晚了一步。"),
		pat(`outbox item (\d+) was sent at (.+): Skip came too late`,
			"待发邮件 %s 已于 %s 发出：跳过晚了一步。"),
		pat(`outbox item (\d+) was put in Drafts at (.+): Skip came too late; delete the draft if it should not go`,
			"待发邮件 %s 已于 %s 存入草稿箱：跳过晚了一步；如不该发出，请删除该草稿。"),
		pat(`outbox item (\d+) was skipped already: it does not go`,
			"待发邮件 %s 已经跳过：不会发出。"),
		pat(`outbox item (\d+) is (\w+) now, no longer queued: Skip came too late`,
			"待发邮件 %s 现在是「%s」，已不在队列中：跳过晚了一步。", 2),
		// Why a queued item waits (mailsync's dispatcher and the checks
		// before a send): the mailbox names and server errors stay as
		// they are.
		errPattern{Re: regexp.MustCompile(`^held: waits: mailbox (.+) cannot be read, so an answer there cannot be seen$`), Zh: func(m []string) string {
			return "暂缓发送：无法读取邮箱 " + strings.ReplaceAll(m[1], ", mailbox ", "、邮箱 ") + "，看不到客户可能在那里的回复：稍后再查，可读时再定。"
		}},
		pat(`held: greetings are off until \[greetings\] is fixed and picked up by the next keepwarm tick or a restart of keepwarm run: (.*)`,
			"暂缓发送：[greetings] 设置有问题，问候和月度邮件暂停，直到修好，下一次 keepwarm tick 或重启 keepwarm run 后生效：%s"),
		pat(`held: follow-ups are off until the sequences or templates are fixed \(keepwarm sequences check\) and picked up by the next keepwarm tick or a restart of keepwarm run: (.*)`,
			"暂缓发送：序列或模板有问题，跟进暂停，直到修好（keepwarm sequences check），下一次 keepwarm tick 或重启 keepwarm run 后生效：%s"),
		pat(`held: follow-ups are off until the holiday calendars \(\[\[calendar\.override\]\] in the config\) are fixed and picked up by the next keepwarm tick or a restart of keepwarm run: (.*)`,
			"暂缓发送：节假日日历（配置中的 [[calendar.override]]）有问题，跟进暂停，直到修好，下一次 keepwarm tick 或重启 keepwarm run 后生效：%s"),
		// The same held before this wording, until their next look.
		pat(`held: greetings are off until \[greetings\] is fixed and keepwarm run restarted: (.*)`,
			"暂缓发送：[greetings] 设置有问题，问候和月度邮件暂停，直到修好并重启 keepwarm run：%s"),
		pat(`held: follow-ups are off until the sequences or templates are fixed \(keepwarm sequences check\) and keepwarm run restarted: (.*)`,
			"暂缓发送：序列或模板有问题，跟进暂停，直到修好（keepwarm sequences check）并重启 keepwarm run：%s"),
		pat(`held: follow-ups are off until the holiday calendars \(\[\[calendar\.override\]\] in the config\) are fixed and keepwarm run restarted: (.*)`,
			"暂缓发送：节假日日历（配置中的 [[calendar.override]]）有问题，跟进暂停，直到修好并重启 keepwarm run：%s"),
		pat(`held: not filed in Drafts, as the mailbox's IMAP login stopped: (.*)`,
			"暂缓：邮箱的 IMAP 登录已停止，无法存入草稿箱，等待中：%s"),
	)
}

// Who a line of the desk's sends goes out as, when not the viewer.
func init() { zh["sent as"] = "发件人" }
