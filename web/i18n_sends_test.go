package web

import (
	"fmt"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/mailsync"
)

// The reasons a follow-up stopped at a send read in Chinese, the mail
// server's words kept as they came; a step's template error names the
// step and keeps an error no pattern knows as it is; the particular
// "step N: ..." reasons keep their own Chinese.
func TestFailedSendReasonsHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for reason, want := range map[string]string{
		"step 2 could not be sent: 550 5.1.1 <hans@buyer.de>: user unknown; fix the cause, then resume or stop":                                                                                                                                                                           "第 2 步发送失败：550 5.1.1 <hans@buyer.de>: user unknown；请先排除原因，再恢复或停止这个跟进。",
		"step 1 may not have gone out (smtp: connection reset after DATA (code 0)); it is not in Sent: ask the recipient whether it arrived, then resume or stop":                                                                                                                         "第 1 步可能没有发出（smtp: connection reset after DATA (code 0)）；“已发送”里没有它：请先问收件人是否收到，再恢复或停止这个跟进。",
		"step 3 refused by the SMTP server for ute@buyer.de: no recipient left (hans@buyer.de (bounced))":                                                                                                                                                                                 "第 3 步被邮件服务器拒收（ute@buyer.de）：没有剩下的收件人（hans@buyer.de (bounced)）",
		"delivery failed: the server does not let lily@seller.example send as sales@brand.example: remove it from send_as for mailbox lily, or give the login the right to send as it: send failed: sending SMTP MAIL FROM command: 553 5.7.1 Sender address rejected: not owned by user": "发送失败：邮件服务器不允许 lily@seller.example 以 sales@brand.example 的身份发信：请把它从邮箱 lily 的 send_as 中删去，或让该登录账号获得以它发信的权限：send failed: sending SMTP MAIL FROM command: 553 5.7.1 Sender address rejected: not owned by user",
		"step 3 refused for ute@buyer.de: done again for the other recipients":                                                                                                                                                                                                            "第 3 步被拒收（ute@buyer.de）：已为其他收件人重新生成",
		"step 2 refused for ute@buyer.de: done again for the other recipients when the pause ends":                                                                                                                                                                                        "第 2 步被拒收（ute@buyer.de）：暂停结束后为其他收件人重新生成",
		"paused by a person; step 2 refused for ute@buyer.de: done again for the other recipients when the pause ends":                                                                                                                                                                    "已被手动暂停；第 2 步被拒收（ute@buyer.de）：暂停结束后为其他收件人重新生成",
		"out of office: ute@buyer.de; step 2 refused for anna@buyer.de, ben@buyer.de: done again for the other recipients when the pause ends":                                                                                                                                            "ute@buyer.de 的自动回复：不在办公室；第 2 步被拒收（anna@buyer.de, ben@buyer.de）：暂停结束后为其他收件人重新生成",
		"waits for step 1's mail to go out (outbox 12 is sending)":                                                                                                                                                                                                                        "等第 1 步的邮件发出（发件队列 12 为「发送中」）",
		`sequence "key-customer" is no longer defined`:                                                                                                                                                                                                                                    "跟进序列「key-customer」已不再有定义",
		`step 2: mailbox "lily" has no sending identity (smtp_url) any more`:                                                                                                                                                                                                              "第 2 步出错：邮箱「lily」已没有发信设置（smtp_url）",
		`step 2: resend.tmpl opens "Dear ,": the template writes a name this contact does not have (use {{.Contact.Salutation}}); not sent`:                                                                                                                                               "第 2 步出错：resend.tmpl 的开头是“Dear ,”：模板写了这个联系人没有的名字（请用 {{.Contact.Salutation}}），未发送",
		`step 2: template: resend:3:7: executing "resend" at <.Foo>: bad`:                                                                                                                                                                                                                 `第 2 步出错：template: resend:3:7: executing "resend" at <.Foo>: bad`,
		"step 2: recipients changed since it was queued; done again for hans@buyer.de":                                                                                                                                                                                                    "第 2 步：排队后收件人有变；已为 hans@buyer.de 重新生成。",
		"step 2: anna@buyer.de (bounced) before the send; done again for the other recipients":                                                                                                                                                                                            "第 2 步：发送前 anna@buyer.de (bounced)；已为其他收件人重新生成。",
		"not sent: a follow-up is paused until 2027-02-28 19:00 EST (enrollment 7): the letter waits for it to end, and it stayed paused until the month ended":                                                                                                                           "未发送：跟进已暂停到 2027-02-28 19:00 EST（跟进序列 7）：月度邮件等它结束再发，而它到月底仍在暂停",
		"not sent: a follow-up is running (enrollment 7): the letter waits for it to end, and it ran until the month ended":                                                                                                                                                               "未发送：跟进正在进行（跟进序列 7）：月度邮件等它结束再发，而它一直进行到月底",
	} {
		if got := zh.Err(reason); got != want {
			t.Errorf("Err(%q)\n = %q\nwant %q", reason, got, want)
		}
	}
}

// A refusal of the owner's address, alone on the desk's failed sends and
// inside a follow-up's reason, and a send_as refusal inside a follow-up's
// reason, read in Chinese: the advice she is to act on is not English.
func TestSendAsRefusalsInsideAFollowUpHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	owner := "delivery failed: " + fmt.Sprintf(mailsync.OwnerRefused, "lily.chen@seller.example", "lily@seller.example", "lily") + ": 550 5.7.60 SendAsDenied"
	elsewhere := "delivery failed: " + fmt.Sprintf(mailsync.OwnerRefusedElsewhere, "sales@seller.example", "lily@seller.example", "sales") + ": 550 5.7.60 SendAsDenied"
	alias := "delivery failed: " + fmt.Sprintf(mailsync.SendAsRefused, "a@seller.example", "b@brand.example", "m") + ": 553 x"
	for reason, want := range map[string][]string{
		owner:     {"不允许 lily.chen@seller.example 以 lily@seller.example", "邮箱 lily 的 username", "550 5.7.60 SendAsDenied"},
		elsewhere: {"不允许 sales@seller.example 以 lily@seller.example", "请让邮箱 sales 的登录账号", "550 5.7.60 SendAsDenied"},
		"step 1 could not be sent: " + owner + "; fix the cause, then resume or stop": {"第 1 步发送失败：发送失败：邮件服务器不允许", "邮箱 lily 的 username", "请先排除原因"},
		"step 1 could not be sent: " + alias + "; fix the cause, then resume or stop": {"第 1 步发送失败：", "send_as 中删去", "：553 x；请先排除原因"},
	} {
		got := zh.Err(reason)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("Err(%q)\n = %q\nwant it to contain %q", reason, got, w)
			}
		}
		if strings.Contains(got, "does not let") {
			t.Errorf("Err(%q) keeps English: %q", reason, got)
		}
	}
}

// Every rule the follow-up job gives a step's time, and a letter's month
// with why it waits, read in Chinese; English is as the CLI prints it.
func TestForecastRulesInChinese(t *testing.T) {
	zh, en := Lang{Code: "zh"}, Lang{Code: "en"}
	for _, c := range []struct {
		it     ForecastItem
		en, zh string
	}{
		{ForecastItem{Kind: "email", Sequence: "key-customer", Rule: "3d after the mail followed up"}, "3d after the mail followed up", "被跟进的邮件之后 3d"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "2d business days after the previous step; moved by the send window"},
			"2d business days after the previous step; moved by the send window", "上一步之后 2d（按工作日）；因发送时段顺延"},
		{ForecastItem{Kind: "task", Sequence: "s", Rule: "4d after the previous step; moved by the holiday or weekend"}, "", "上一步之后 4d；因节假日或周末顺延"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "3d after the previous step; paused until then"}, "", "上一步之后 3d；暂停到那时"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "3d after the previous step; waits for the per-contact cap (at most a few automated mails a week)"}, "",
			"上一步之后 3d；等每个联系人的自动邮件上限（每周最多几封）"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "3d after the previous step; waits for the next day: the contact already has a mail from keepwarm that day (one a day at most)"}, "",
			"上一步之后 3d；顺延到第二天：该联系人当天已收到一封 keepwarm 的邮件（每天最多一封）"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "4d after the previous step; counted from when the previous step's mail is sent"}, "",
			"上一步之后 4d；从上一步的邮件发出时算起"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "4d after the previous step; waits for the previous step's mail, still in the outbox, to go out"}, "",
			"上一步之后 4d；等上一步仍在发件箱里的邮件发出"},
		{ForecastItem{Kind: "email", Sequence: "s", Rule: "3d after the mail followed up; lily@seller.example is away (config) until 2027-01-04 00:00 CET: waits until they are back"}, "",
			"被跟进的邮件之后 3d；lily@seller.example 不在（config），直到 2027-01-04 00:00 CET：等其回来"},
		{ForecastItem{Kind: "letter", Month: "2026-12", Note: "a follow-up is running (enrollment 7): if it still runs on the letter's day, the letter waits for it to end"}, "",
			"2026-12 月度邮件；跟进正在进行（跟进序列 7）：到月度邮件那天若仍在进行，月度邮件等它结束再发"},
		{ForecastItem{Kind: "letter", Month: "2026-12", Note: "a follow-up is paused until 2027-02-28 19:00 EST (enrollment 7): if it is still paused on the letter's day, the letter waits for it to end"}, "",
			"2026-12 月度邮件；跟进已暂停到 2027-02-28 19:00 EST（跟进序列 7）：到月度邮件那天若仍在暂停，月度邮件等它结束再发"},
		{ForecastItem{Kind: "letter", Month: "2026-12", Note: "a follow-up is paused (enrollment 7): the letter waits for it to end"}, "",
			"2026-12 月度邮件；跟进已暂停（跟进序列 7）：月度邮件等它结束再发"},
		{ForecastItem{Kind: "letter", Month: "2026-12", Rule: "monthly letter 2026-12; the customer's mail of 2026-11-25 10:05 CET waits for an answer: the letter goes once it is answered",
			Note: "the customer's mail of 2026-11-25 10:05 CET waits for an answer: the letter goes once it is answered"},
			"monthly letter 2026-12; the customer's mail of 2026-11-25 10:05 CET waits for an answer: the letter goes once it is answered",
			"2026-12 月度邮件；客户 2026-11-25 10:05 CET 的邮件还在等回复：回复之后再发月度邮件。"},
	} {
		if got := zh.ForecastRule(c.it); got != c.zh {
			t.Errorf("%q in Chinese: %q, want %q", c.it.Rule, got, c.zh)
		}
		if c.en != "" {
			if got := en.ForecastRule(c.it); got != c.en {
				t.Errorf("%q in English: %q", c.it.Rule, got)
			}
		}
	}
}

// A follow-up's email that is only filed as a draft, or only recorded in
// a dry run, says so beside "email", in both languages.
func TestForecastSaysADraftOrADryRun(t *testing.T) {
	zh, en := Lang{Code: "zh"}, Lang{Code: "en"}
	for mode, want := range map[string][2]string{
		"send":    {"email resend", "邮件 resend"},
		"draft":   {"email resend (draft: filed for the salesperson to send)", "邮件 resend （草稿：放入草稿箱，由销售自己发送）"},
		"dry-run": {"email resend (dry-run: not sent)", "邮件 resend （试运行：不发送）"},
	} {
		it := ForecastItem{Kind: "email", Template: "resend", Mode: mode}
		if got := en.ForecastWhat(it); got != want[0] {
			t.Errorf("%s in English: %q", mode, got)
		}
		if got := zh.ForecastWhat(it); got != want[1] {
			t.Errorf("%s in Chinese: %q", mode, got)
		}
	}
}

// Every kind of message has a label with a Chinese translation.
func TestEveryMessageKindHasAChineseLabel(t *testing.T) {
	for _, k := range []keepwarm.Kind{keepwarm.KindInbound, keepwarm.KindOutbound, keepwarm.KindInternal, keepwarm.KindAutoReply,
		keepwarm.KindLeftCompany, keepwarm.KindBounce, keepwarm.KindBulk, keepwarm.KindNotice} {
		en, zh := Lang{Code: "en"}.MessageKind(k), Lang{Code: "zh"}.MessageKind(k)
		if en == string(k) || zh == en {
			t.Errorf("%s: %q in English, %q in Chinese", k, en, zh)
		}
	}
}
