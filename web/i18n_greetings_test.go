package web_test

import (
	"strings"
	"testing"

	"keepwarm/sequences"
	"keepwarm/web"
)

// Why a queued greeting or letter did not go reads in Chinese too.
func TestGreetingLastLookReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"the greeting was planned again: the new plan's one goes instead":                                                                                           "已重新安排",
		"greetings are turned off: the greeting queued before is not sent":                                                                                          "问候已关闭",
		`"christmas" is no longer among the greetings' occasions: the greeting queued for it is not sent`:                                                           "已不在问候的节日里",
		"the customer is now grade E, which gets no letters: the letter queued before is not sent":                                                                  "客户现在是 E 级，这一级不发月度邮件",
		"the customer is now ungraded, which gets no greetings: the greeting queued before is not sent":                                                             "客户现在未分级，这一级不发问候",
		"the customer was handed from lily@x.example to tom@x.example after the greeting was queued: it is planned again to go as tom@x.example, if its day allows": "改以 tom@x.example 的名义重新安排",
		"the customer was released to the pool after the letter was queued: it is not sent in lily@x.example's name":                                                "客户已放回公海：不再以 lily@x.example 的名义发出",
		"held: bob@acme-us.com already had a mail from keepwarm today (13:01 EST): the letter goes Wed 2 Dec 09:00 their time, one a day at most":                   "暂缓发送：bob@acme-us.com 今天（13:01 EST）已收到一封 keepwarm 发出的邮件：月度邮件改在对方时间 12月2日（周三）09:00 发出",
		"bob@acme-us.com already had a mail from keepwarm on 2026-12-31 (08:00 EST), the last working day of the letter's month: it is not sent, one a day at most": "当月的最后一个工作日：不再发出",
		"greeted at hans.meier@gmail.com, the same person's other address: one greeting, not two":                                                                   "另一个地址 hans.meier@gmail.com 问候",
		"the template birthday.tmpl changed after the greeting was queued: it is planned again with the new text, if its day allows":                                "模板 birthday.tmpl 已修改",
		`the letter opens "Dear ,": its template writes a name this contact does not have (use {{.Contact.Salutation}}); it is not sent`:                            "开头是“Dear ,”",
		`not sent to this customer: no zh variant of the thanksgiving template (add one, or list "zh" in greetings.english_for to send the English one)`:            "不会发给这位客户：模板 thanksgiving没有 zh 版本",
		"not sent to this customer: no zh name for National Day: holiday.zh.tmpl would write it in English (write national-day.zh.tmpl in its own words)":           "不会发给这位客户：National Day没有 zh 名称",
		`not sent to this customer: the greeting opens "Dear Mr. Meier,,": the punctuation after the salutation is written twice; it is not sent`:                   "不会发给这位客户：问候的开头是“Dear Mr. Meier,,”：称呼后的标点写了两次",
		"bob@acme-us.com (the same person's other address) gets the birthday greeting that day (2026-11-25): one greeting a day, not two":                           "同一个人的另一个地址 bob@acme-us.com 当天（2026-11-25）收到生日问候",
		`opens "Dear ," for a contact without a name (info@, a company): write {{.Contact.Salutation}}, which falls back to "Dear Sir or Madam"`:                    "没有名字的联系人",
	} {
		if got := zh.Err(msg); !strings.Contains(got, want) {
			t.Errorf("%q in Chinese: %q, want %q in it", msg, got, want)
		}
	}
}

// The console's word on a greeting template that lists the products with
// no guard reads in Chinese too.
func TestBareRangeGreetingInChinese(t *testing.T) {
	if got := (web.Lang{Code: "zh"}).Err(sequences.BareRangeGreetingMsg); !strings.Contains(got, "收不到这封问候") {
		t.Errorf("in Chinese: %q", got)
	}
}

// So does its word on a monthly letter that lists the products in a bare
// {{range .Products}}, on the letters page and above /sequences.
func TestBareRangeLetterInChinese(t *testing.T) {
	if got := (web.Lang{Code: "zh"}).Err(sequences.BareRangeLetterMsg); !strings.Contains(got, "收不到这封月度邮件") || !strings.Contains(got, `"requires: Products"`) {
		t.Errorf("in Chinese: %q", got)
	}
}
