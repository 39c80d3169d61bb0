package sequences

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"

	"keepwarm/zhtext"
)

// A digest in Chinese writes keepwarm's own reasons in Chinese, with the
// table the desk shows them with: a greeting held while its sender is
// away, a follow-up step not sent; the English digest keeps them as they
// are.
func TestDigestReasonsInChinese(t *testing.T) {
	held := "lily@team.example is away (desk) until Fri 24 Dec 09:00: the greeting waits until they are back"
	notSent := "held: not sent, as keepwarm cannot find or read this mailbox's Sent folder: no folder with \\Sent"
	for _, lang := range []string{"zh", "en"} {
		d := zhDigest(lang)
		d.translate = zhtext.Err
		d.Greetings[0].Status, d.Greetings[0].Reason = greetingAwayHeld, held
		d.NotSent[0].LastError = notSent
		text := d.Text()
		if lang == "en" {
			if !strings.Contains(text, held) || !strings.Contains(text, notSent) {
				t.Errorf("the English digest's reasons:\n%s", text)
			}
			continue
		}
		for _, want := range []string{"lily@team.example 不在（工作台登记），到 12月24日（周五）09:00 为止：问候等其回来再发。", "暂缓发送：keepwarm 找不到或无法读取此邮箱的“已发送”文件夹，所以未发送：no folder with \\Sent"} {
			if !strings.Contains(text, want) {
				t.Errorf("the Chinese digest lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "is away") || strings.Contains(text, "cannot find or read") {
			t.Errorf("the Chinese digest keeps English reasons:\n%s", text)
		}
	}
}

// The greetings' and letters' own reasons for not sending (the plan's
// refusals, one greeting a day, a part the contact lacks) read in Chinese
// too, in a digest as on the desk: no English sentence is left in them.
func TestGreetingRefusalsInChinese(t *testing.T) {
	bob := &PlanItem{Kind: OriginGreeting, Occasion: OccasionBirthday, OccasionName: "birthday of Bob", To: keepwarm.Address{Email: "bob@acme-us.com"}}
	gmail := &PlanItem{Kind: OriginGreeting, Occasion: "thanksgiving", OccasionName: "Thanksgiving", To: keepwarm.Address{Email: "bob.smith@gmail.com"}}
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	english := regexp.MustCompile(`[a-z]+ [a-z]+ [a-z]+`)
	for msg, want := range map[string]string{
		oneADayReason(bob, gmail, day):              "同一个人的另一个地址 bob@acme-us.com 当天（2026-11-25）收到生日问候",
		oneADayReason(gmail, bob, day):              "当天（2026-11-25）收到Thanksgiving问候",
		"not sent: " + oneADayReason(bob, bob, day): "未发送：bob@acme-us.com 当天",
		`no zh variant of the thanksgiving template (add one, or list "zh" in greetings.english_for to send the English one)`:                                                                 "模板 thanksgiving没有 zh 版本",
		`no zh variant of the 2026-12 letter (add one, or list "zh" in greetings.english_for to send the English one)`:                                                                        "2026-12 的月度邮件没有 zh 版本",
		"no zh name for National Day: holiday.zh.tmpl would write it in English (write national-day.zh.tmpl in its own words)":                                                                "National Day没有 zh 名称：holiday.zh.tmpl 会把它写成英文（用该语言自己的说法写 national-day.zh.tmpl）",
		"no zh name for National Day: national-day.zh.tmpl would write it in English (write the name in it in its own words)":                                                                 "在其中用该语言自己的说法写出这个名称",
		`the team's latest mail to wang@bright.cn says "你", the spring-festival text says "您": not sent in a register the customer is not written to (write it yourself, or change the text)`: "团队最近写给 wang@bright.cn 的邮件用的是“你”，模板 spring-festival用的是“您”",
		doubledEndReason(OriginGreeting, "Dear Mr. Meier,,"):                                                                                                                                  "问候的开头是“Dear Mr. Meier,,”：称呼后的标点写了两次",
		"every working day of 2026-02 has a greeting to eva@lampen.de: one mail from keepwarm a day":                                                                                          "2026-02 的每个工作日都有发给 eva@lampen.de 的问候",
		"every working day of 2026-02 from letter_day on has a greeting to eva@lampen.de: one mail from keepwarm a day":                                                                       "2026-02 从 letter_day 起的每个工作日",
		RecipientRefusal(keepwarm.Recipient{CustomerOptedOut: true}, ""):                                                                                                                      "客户已退订",
		RecipientRefusal(keepwarm.Recipient{CompanyAddress: true}, OccasionBirthday):                                                                                                          "不发生日问候",
		"no working day in DE's calendar in 2026-12: the letter has no day to go on":                                                                                                          "DE 的日历在 2026-12 没有工作日",
		thinLetterReason("2026-12.tmpl"): "2026-12.tmpl 会列出一个空的产品清单",
		"not sent: the customer book no longer gives bob@acme-us.com this greeting (birthday) on 2026-11-25: the birthday, holidays, faith or language changed after it was queued":                                                                 "未发送：按现在的客户资料，bob@acme-us.com 在 2026-11-25 已没有这封问候（birthday）",
		"the customer book changed after the greeting was queued (the name, language or salutation of bob@acme-us.com): it is planned again with the new text, if its day allows":                                                                   "问候排队后客户资料有改动（bob@acme-us.com 的名字",
		"the greeting's text changed after it was queued (the signature, the sender's name or the products, or in the customer book the name, language or salutation of bob@acme-us.com): it is planned again with the new text, if its day allows": "问候排队后文字有了改动（签名、发件人名字或产品，或客户资料里 bob@acme-us.com 的名字",
		"the greeting's text changed after it was queued (the signature, the sender's name or the products, or in the customer book the name, language or salutation of its contact): it is planned again with the new text, if its day allows":     "问候排队后文字有了改动（签名、发件人名字或产品，或客户资料里联系人的名字",
		"not sent: " + RecipientRefusal(keepwarm.Recipient{OptedOut: true}, ""): "未发送：联系人已退订",
		emptyReason("Products", "2026-12.tmpl"):                                 "产品目录里没有与客户标签或邮件相符的产品（2026-12.tmpl 需要产品",
		emptyReason("Company", "christmas.tmpl"):                                "客户资料里没有公司名称（christmas.tmpl",
		emptyReason("Original", "resend.tmpl"):                                  "被跟进邮件的正文未知（resend.tmpl",
		emptyReason("Occasion", "holiday.tmpl"):                                 "holiday.tmpl 需要 Occasion",
	} {
		got := zhtext.Err(msg)
		// A command to run stays as it is typed.
		if !strings.Contains(got, want) || english.MatchString(regexp.MustCompile("`[^`]*`").ReplaceAllString(got, "")) {
			t.Errorf("%q in Chinese: %q, want %q in it and no English sentence", msg, got, want)
		}
	}
	d := zhDigest("zh")
	d.translate = zhtext.Err
	d.Greetings[2].Status, d.Greetings[2].Reason = PlanSkip, oneADayReason(bob, gmail, day)
	if text := d.Text(); strings.Contains(text, "one greeting a day") {
		t.Errorf("the Chinese digest keeps the English reason:\n%s", text)
	}
}

// A follow-up held because its sequence changed under it, now listed in
// the digest as waiting for the salesperson, reads in Chinese there.
func TestSequenceChangedHoldInChinese(t *testing.T) {
	var e keepwarm.Enrollment
	hold(&e, &Definition{Name: "key-customer"}, []string{"email:intro", "task:call"}, []string{"email:resend"}, 1)
	got := zhtext.Err(e.Reason)
	english := regexp.MustCompile(`[a-z]+ [a-z]+ [a-z]+`)
	if !strings.Contains(got, "序列 key-customer 在这个跟进进行中被修改了") || !strings.Contains(got, "第 2 步（电话任务）") || english.MatchString(got) {
		t.Errorf("%q in Chinese: %q", e.Reason, got)
	}
}
