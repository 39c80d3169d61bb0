package web

import "keepwarm/zhtext"

// A failed follow-up whose last step may have gone out, when a reply came
// through the customer's list since: the desk's line, the buttons and the
// question before sending again say that it stays paused until Resume,
// in Chinese.
func init() {
	for k, v := range map[string]string{
		"A reply came through the customer's list since its last step, which may have reached the customer: read the reply first, and ask them. It arrived, or it did not (then it is sent again when you resume): say so below. Either way the follow-up stays paused, and nothing goes until you resume it.":                                         "在最后一步之后，有一封回复经由客户的邮件组发来，而最后一步的邮件可能已经送达客户：请先读这封回复，再问客户。已送达，或未送达（恢复时会重新发送）：请在下面选择。无论哪种，跟进都会保持暂停，在你恢复之前不会发出任何邮件。",
		"A reply came through the customer's list since its last step's draft, which may be in your Drafts already: read the reply first, and look there (and in Sent). It is there or you sent it, or it is not (then it is filed again when you resume): say so below. Either way the follow-up stays paused, and nothing goes until you resume it.": "在最后一步的草稿之后，有一封回复经由客户的邮件组发来，而这封草稿可能已在你的草稿箱里：请先读这封回复，再查看草稿箱（和“已发送”）。在那里或你已发出，或不在（恢复时会重新存入）：请在下面选择。无论哪种，跟进都会保持暂停，在你恢复之前不会发出任何邮件。",
		"A reply came through the customer's list since its last step, which may have reached the customer: read the reply first, and ask them. It arrived: the follow-up ends, as that was its last step. It did not: it is sent again when you resume, and nothing goes until then.":                                                                 "在最后一步之后，有一封回复经由客户的邮件组发来，而最后一步的邮件可能已经送达客户：请先读这封回复，再问客户。已送达：跟进到此结束，因为这是它的最后一步。未送达：你恢复时会重新发送，在那之前不会发出任何邮件。",
		"A reply came through the customer's list since its last step's draft, which may be in your Drafts already: read the reply first, and look there (and in Sent). It is there or you sent it: the follow-up ends, as that was its last step. It is not: it is filed again when you resume, and nothing goes until then.":                         "在最后一步的草稿之后，有一封回复经由客户的邮件组发来，而这封草稿可能已在你的草稿箱里：请先读这封回复，再查看草稿箱（和“已发送”）。在那里或你已发出：跟进到此结束，因为这是它的最后一步。不在：你恢复时会重新存入，在那之前不会发出任何邮件。",
		"It arrived: the follow-up ends":                            "已送达：跟进到此结束",
		"It is in Drafts / I sent it: the follow-up ends":           "已在草稿箱 / 我已发出：跟进到此结束",
		"It arrived: then paused until you resume":                  "已送达：之后暂停，直到你恢复",
		"It did not arrive: send it again when you resume":          "未送达：你恢复时重新发送",
		"It is in Drafts / I sent it: then paused until you resume": "已在草稿箱 / 我已发出：之后暂停，直到你恢复",
		"It is not there: file it again when you resume":            "不在：你恢复时重新存入草稿箱",
		"Send this step again when you resume?":                     "在你恢复时重新发送这一步？",
		"File this draft again when you resume?":                    "在你恢复时重新存入这封草稿？",
		"Send it again when I resume":                               "我恢复时重新发送",
		"File it again when I resume":                               "我恢复时重新存入",
		"A reply came through the customer's list since this mail: read it first, it may be their answer. The step is put back and the follow-up stays paused: nothing is sent until you resume it, and then the step goes again. If the first mail did arrive, the customer gets the same mail a second time.":                               "这封邮件之后，有一封回复经由客户的邮件组发来：请先读它，它可能就是客户的回复。这一步会被放回，跟进保持暂停：在你恢复之前不会发出任何邮件，恢复后这一步会重新发出。如果第一封其实已经送达，客户会再收到一封相同的邮件。",
		"A reply came through the customer's list since this draft: read it first, it may be their answer. The step is put back and the follow-up stays paused: nothing is filed until you resume it, and then a second copy goes into your Drafts. If the first one is there, or you sent it, answer “It is in Drafts / I sent it” instead.": "这封草稿之后，有一封回复经由客户的邮件组发来：请先读它，它可能就是客户的回复。这一步会被放回，跟进保持暂停：在你恢复之前不会存入任何草稿，恢复后会在你的草稿箱里再存一份。如果第一份已在那里，或你已发出，请改选“已在草稿箱 / 我已发出”。",
	} {
		zh[k] = v
	}
	// The reason on such a line, without what the answers say now
	// (app's listHeldWhy).
	zhtext.Add(pat(`a reply came through the customer's list (\S+) from (\S+)`, "客户的邮件列表 %s 转来了 %s 的回复"))
}
