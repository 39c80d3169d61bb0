package web

import "testing"

// The reasons a follow-up stopped at a send read in Chinese, the mail
// server's words kept as they came; a step's template error names the
// step and keeps an error no pattern knows as it is; the particular
// "step N: ..." reasons keep their own Chinese.
func TestFailedSendReasonsHaveChinese(t *testing.T) {
	zh := Lang{Code: "zh"}
	for reason, want := range map[string]string{
		"step 2 could not be sent: 550 5.1.1 <hans@buyer.de>: user unknown; fix the cause, then resume or stop":                                                   "第 2 步发送失败：550 5.1.1 <hans@buyer.de>: user unknown；请先排除原因，再恢复或停止这个跟进。",
		"step 1 may not have gone out (smtp: connection reset after DATA (code 0)); it is not in Sent: ask the recipient whether it arrived, then resume or stop": "第 1 步可能没有发出（smtp: connection reset after DATA (code 0)）；“已发送”里没有它：请先问收件人是否收到，再恢复或停止这个跟进。",
		"step 3 refused by the SMTP server for ute@buyer.de: no recipient left (hans@buyer.de (bounced))":                                                         "第 3 步被邮件服务器拒收（ute@buyer.de）：没有剩下的收件人（hans@buyer.de (bounced)）",
		"step 3 refused for ute@buyer.de: done again for the other recipients":                                                                                    "第 3 步被拒收（ute@buyer.de）：已为其他收件人重新生成",
		"waits for step 1's mail to go out (outbox 12 is sending)":                                                                                                "等第 1 步的邮件发出（发件队列 12 为「发送中」）",
		`sequence "key-customer" is no longer defined`:                                                                                                            "跟进序列「key-customer」已不再有定义",
		`step 2: mailbox "lily" has no sending identity (smtp_url) any more`:                                                                                      "第 2 步出错：邮箱「lily」已没有发信设置（smtp_url）",
		`step 2: resend.tmpl opens "Dear ,": the template writes a name this contact does not have (use {{.Contact.Salutation}}); not sent`:                       "第 2 步出错：resend.tmpl 的开头是“Dear ,”：模板写了这个联系人没有的名字（请用 {{.Contact.Salutation}}），未发送",
		`step 2: template: resend:3:7: executing "resend" at <.Foo>: bad`:                                                                                         `第 2 步出错：template: resend:3:7: executing "resend" at <.Foo>: bad`,
		"step 2: recipients changed since it was queued; done again for hans@buyer.de":                                                                            "第 2 步：排队后收件人有变；已为 hans@buyer.de 重新生成。",
		"step 2: anna@buyer.de (bounced) before the send; done again for the other recipients":                                                                    "第 2 步：发送前 anna@buyer.de (bounced)；已为其他收件人重新生成。",
	} {
		if got := zh.Err(reason); got != want {
			t.Errorf("Err(%q)\n = %q\nwant %q", reason, got, want)
		}
	}
}
