package web

import (
	"fmt"
	"keepwarm/zhtext"
	"regexp"
)

// The desk's and the forecast's words about what keepwarm sends, and the
// sign-in page without mail, in Chinese, merged into zh.
func init() {
	for k, v := range map[string]string{
		"Paused, no date: nothing goes out until you resume it": "已暂停、未定日期：恢复之前不会发出",
		"paused, no date": "已暂停，未定日期",
		// A message on a customer's page that is neither ours nor the
		// customer's own words (Lang.MessageKind).
		"between colleagues":                  "同事之间",
		"automatic reply":                     "自动回复",
		"notice: the sender left the company": "通知：发件人已离职",
		"bounce: the mail was not delivered":  "退信：邮件未送达",
		"newsletter or list mail":             "群发或订阅邮件",
		"mail system notice":                  "邮件系统通知",
		"meeting answer from a calendar":      "日历发出的会议答复",
		"“Why quiet?” has a choice this version does not know (%q); it offers %s: reload the page and choose again.": "“为何没回音？”的选项 %q 在当前版本中不存在（现有：%s）：请刷新页面后重新选择。",
		", ": "、",
		// The forecast's lines (page_words.go).
		"%s %s to %s":  "%s %s，发给 %s",
		"%s on %s, %s": "%s（%s）：%s",
		"the customer's last working day before it":            "在客户当地节前最后一个工作日发",
		"the customer's last working day before Christmas Eve": "在客户当地平安夜前最后一个工作日发",
		"on the day":     "当天发",
		"%s days before": "提前 %s 天发",
		"%s days before (%s days before is not a working day)": "提前 %s 天发（提前 %s 天那天不是工作日）",
		"; not on %s: %s, a day of %s":                         "；不在 %s 发：%s，%s的日子",
		", nor %s: %s, a day of %s":                            "，也不在 %s 发：%s，%s的日子",
		"mourning":                                             "哀悼",
		"remembrance of the dead":                              "悼念逝者",
		"remembrance of the fallen":                            "纪念阵亡者",
		"fasting":                                              "斋戒",
		"monthly letter %s":                                    "%s 月度邮件",
		"; ":                                                   "；",
		"Phone the customer: did our mail arrive, are they busy, did they choose another supplier?":                                                      "给客户打电话：我们的邮件收到了吗？对方在忙吗？是否选了别的供应商？",
		"Sign-in links are not mailed here: ask your manager, or whoever runs keepwarm, for one. They print it with keepwarm web link and your address.": "这里不通过邮件发送登录链接：请向经理或负责运行 keepwarm 的人索取。他们用 keepwarm web link 加上你的邮箱地址生成链接。",
		// A greeting made up for on its occasion's day (page_words.go's lateDayRe).
		"on the day: the calendar override moved it from %s to %s, and its own send day, %s (%s), was over with nothing queued": "当天发：日历覆盖把节日从 %s 改到 %s，它原本的发送日 %s（%s）已经过去，当时没有排队发出",
	} {
		if _, ok := zh[k]; !ok {
			zh[k] = v
		}
	}
	// Why a follow-up stopped at a send (sequences/followup_failures.go,
	// followup_rules.go, followup_steps.go): the mail server's own words
	// are kept as they came.
	zhtext.Add(
		// The failure inside in Chinese too where a pattern knows it (a
		// send-as refusal's advice); the server's words as they came.
		errPattern{Re: regexp.MustCompile(`^step (\d+) could not be sent: (.+); fix the cause, then resume or stop$`), Zh: func(m []string) string {
			return fmt.Sprintf("第 %s 步发送失败：%s；请先排除原因，再恢复或停止这个跟进。", m[1], Lang{Code: "zh"}.Err(m[2]))
		}},
		pat(`delivery failed: the server does not let (\S+) send as (\S+): remove it from send_as for mailbox (\S+), or give the login the right to send as it: (.+)`,
			"发送失败：邮件服务器不允许 %s 以 %s 的身份发信：请把它从邮箱 %s 的 send_as 中删去，或让该登录账号获得以它发信的权限：%s"),
		// mailsync.OwnerRefused and OwnerRefusedElsewhere.
		pat(`delivery failed: the server does not let (\S+) send as (\S+), the owner's address the thread ran from: on mailbox (\S+) set username to it if the server takes it as the login, or give the login the right to send as it: (.+)`,
			"发送失败：邮件服务器不允许 %s 以 %s（这个邮件往来所用的邮箱主人地址）的身份发信：如果服务器也接受它作为登录名，请把邮箱 %s 的 username 改成它，或让该登录账号获得以它发信的权限：%s"),
		pat(`delivery failed: the server does not let (\S+) send as (\S+), the owner's address the thread ran from: give the login of mailbox (\S+) the right to send as it: (.+)`,
			"发送失败：邮件服务器不允许 %s 以 %s（这个邮件往来所用的邮箱主人地址）的身份发信：请让邮箱 %s 的登录账号获得以它发信的权限：%s"),
		pat(`step (\d+) may not have gone out \((.+)\); it is not in Sent: ask the recipient whether it arrived, then resume or stop`,
			"第 %s 步可能没有发出（%s）；“已发送”里没有它：请先问收件人是否收到，再恢复或停止这个跟进。"),
		pat(`step (\d+) refused by the SMTP server for (.+): no recipient left \((.+)\)`,
			"第 %s 步被邮件服务器拒收（%s）：没有剩下的收件人（%s）"),
		pat(`step (\d+) refused for (.+): done again for the other recipients`,
			"第 %s 步被拒收（%s）：已为其他收件人重新生成"),
		pat(`step (\d+) refused for (.+): done again for the other recipients when the pause ends`,
			"第 %s 步被拒收（%s）：暂停结束后为其他收件人重新生成"),
		pat(`waits for step (\d+)'s mail to go out \(outbox (\d+) is (\w+)\)`,
			"等第 %s 步的邮件发出（发件队列 %s 为「%s」）", 3),
		pat(`sequence "(.*)" is no longer defined`, "跟进序列「%s」已不再有定义"),
		pat(`mailbox "(.*)" has no sending identity \(smtp_url\) any more`, "邮箱「%s」已没有发信设置（smtp_url）"),
		pat(`(\S+) opens "(.*)": the template writes a name this contact does not have \(use \{\{\.Contact\.Salutation\}\}\); not sent`,
			"%s 的开头是“%s”：模板写了这个联系人没有的名字（请用 {{.Contact.Salutation}}），未发送"),
	)
	// A step's template or name-slot error: the step, then the error in
	// Chinese where a pattern knows it, else as it came. Tried after every
	// particular pattern, whatever file added it (AddLast).
	zhtext.AddLast(errPattern{Re: regexp.MustCompile(`^step (\d+): (.+)$`), Zh: func(m []string) string {
		return fmt.Sprintf("第 %s 步出错：%s", m[1], Lang{Code: "zh"}.Err(m[2]))
	}})
}
