package sequences

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// zhDigest has a line in each section the mail rig does not fill: more
// lines than the limit, mail not followed up, failed and skipped
// follow-ups, greetings of every kind, opt-outs, a contact who left, a
// mailbox not read, a customer with no grade.
func zhDigest(lang string) Digest {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 12, 4, 7, 5, 0, 0, time.UTC) // Friday 15:05 in Shanghai
	step := 1
	d := Digest{Salesperson: "lily@team.example", Name: "陈丽", Date: "2026-12-04", TimeZone: "Asia/Shanghai", Now: at, Limit: 3,
		Lang: lang, loc: shanghai, web: "https://kw.team.example", Target: 600}
	for i := range 3 {
		d.Unanswered = append(d.Unanswered, keepwarm.Nudge{Customer: "domain:c.example", Contact: "buyer@c.example", MessageID: int64(i + 1),
			Subject: fmt.Sprintf("询价 %d", i), StartedAt: at.Add(-time.Duration(3-i) * time.Hour)})
	}
	d.UnansweredTotal = 5
	d.Calls = []keepwarm.Task{{ID: 7, Customer: "domain:c.example", CustomerID: 3, Title: "给客户打电话", DueAt: at}}
	d.Failed = []keepwarm.Enrollment{{ID: 4, Customer: "domain:c.example", ThreadID: 9, Reason: "step 2: smtp 550"}}
	d.NotFollowed = []keepwarm.FollowUpSkip{{Customer: "domain:c.example", Subject: "", To: []string{"buyer@c.example"},
		SentAt: at.Add(-48 * time.Hour), Reason: keepwarm.SkipInformational, Detail: "thanks", ThreadID: 9}}
	d.Reviews = []DigestCustomer{{CustomerID: 3, Customer: "domain:c.example", Name: "宏达照明", Grade: "B", At: at},
		{CustomerID: 5, Customer: "domain:n.example", At: at}}
	d.Returning = []DigestCustomer{{CustomerID: 3, Customer: "domain:c.example", At: at.Add(40 * time.Minute), Note: "returning in 40 minutes"}}
	d.Bounced = []DigestBounce{{Email: "old@c.example", Customer: "domain:c.example", BouncedAt: at, LeftCompany: true, Successor: "new@c.example"},
		{Email: "gone@c.example", Customer: "domain:c.example", BouncedAt: at, LeftCompany: true}}
	d.OptedOut = []DigestOptOut{{Email: "stop@c.example", Customer: "domain:c.example", At: at, Subject: "Re: 新品"}}
	d.NotSent = []keepwarm.OutboxItem{{To: []keepwarm.Address{{Email: "buyer@c.example"}}, Step: &step, Sequence: "key-customer", LastError: "rendered subject is empty"}}
	d.Mailboxes = []DigestMailbox{{Mailbox: "lily", Problem: "login refused", Since: at}}
	d.Greetings = []DigestGreeting{
		{Kind: OriginLetter, Occasion: "monthly letter 2026-12", month: "2026-12", Customer: "domain:c.example",
			To: keepwarm.Address{Name: "Hans", Email: "hans@c.example"}, SendAt: at, Status: PlanPlanned},
		{Kind: OriginGreeting, Occasion: "birthday of Hans", birthdayOf: "Hans", Customer: "domain:c.example",
			To: keepwarm.Address{Name: "Hans", Email: "hans@c.example"}, SendAt: at, Status: string(keepwarm.OutboxQueued)},
		{Kind: OriginGreeting, Occasion: "Christmas", Customer: "domain:c.example",
			To: keepwarm.Address{Email: "anna@c.example"}, SendAt: at, Status: string(keepwarm.OutboxSent)},
	}
	return d
}

// The Chinese digest's sections the mail rig leaves empty read in Chinese
// too: "more" lines, greetings, reasons, statuses, dates like "12月4日
// 周五 15:05"; the English digest of the same day keeps its words.
func TestDigestSectionsInChinese(t *testing.T) {
	d := zhDigest("zh")
	text := d.Text()
	for _, want := range []string{
		"陈丽，早上好！这是你 2026年12月4日（周五）的 keepwarm 日报。",
		"待回复的客户邮件（5）", "最近的 3 封，最早的在前。",
		"c.example <buyer@c.example>：“询价 2”，已等 1 小时 0 分钟（12月4日 周五 14:05 起） https://kw.team.example/messages/3",
		"另有 2 条更早的未在此列出：可在工作台 https://kw.team.example/ 查看全部（或用 keepwarm digest --salesperson lily@team.example --all 可列出全部）。",
		"每次通话后，在工作台上点“完成”，写下客户为什么没有回音。",
		"c.example：给客户打电话（12月4日 周五 15:05 到期） https://kw.team.example/customers/3",
		"已停下、等人处理的跟进（1）", "c.example：step 2: smtp 550（跟进 4，会话 9）",
		"没有跟进的邮件（1）", "c.example：“（无主题）”，发给 buyer@c.example，12月2日 周三 15:05 发出：不需要回复（通知、致谢、发票等）（thanks，会话 9）",
		"B 级（1）：宏达照明（c.example）", "尚未定级（1）：n.example",
		"c.example：40 分钟后退回公海（期限 12月4日 周五 15:45）",
		"old@c.example（c.example）已离职（12月4日 周五 15:05）：建议的新联系人：new@c.example",
		"gone@c.example（c.example）已离职（12月4日 周五 15:05）：请找出现在负责采购的人",
		"要求不再来信（1）", "stop@c.example（c.example），12月4日 周五 15:05，见于 “Re: 新品”",
		"没有发出的跟进邮件（1）", "发给 buyer@c.example，key-customer 第 2 步：rendered subject is empty",
		"keepwarm 无法读取的邮箱（1）", "邮箱 lily，12月4日 周五 15:05 起：login refused",
		"下一份日报之前发出的问候和月度邮件（3）",
		"2026-12 月度邮件，发给 Hans <hans@c.example>（c.example），12月4日 周五 15:05 [待发]",
		"Hans 的生日 <hans@c.example>（c.example），12月4日 周五 15:05 [已排队]",
		"节日问候（Christmas），发给 anna@c.example <anna@c.example>（c.example），12月4日 周五 15:05 [已发送]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Chinese digest lacks %q:\n%s", want, text)
		}
	}
	for _, en := range []string{"not listed here", "KEEPWARM", "see them all", "lists every one", "older", "press Done", "(due", "(enrollment",
		"thread", "(no subject)", "informational", "no grade yet", "returning in", "deadline", "has left the company",
		"find who buys", "new contact", ", in ", "step 2 of", "mailbox lily", "monthly letter", "birthday of", "[planned]",
		"[queued]", "[sent]", " at ", "Fri ", " Dec"} {
		if strings.Contains(text, en) {
			t.Errorf("English %q left in the Chinese digest:\n%s", en, text)
		}
	}
	if s := d.Subject(); s != "keepwarm 日报 12月4日 周五：5 封待回复，1 个电话，2 个待复查，1 个客户即将退回公海，2 个退信，1 个退订，1 个跟进失败，1 个邮箱无法读取" {
		t.Errorf("subject %q", s)
	}
	if _, under, _ := strings.Cut(text, "\n待回复的客户邮件（5）\n"); !strings.HasPrefix(under, strings.Repeat("=", 21)+"\n") {
		t.Errorf("a Chinese title's underline is not as wide as the title:\n%s", text)
	}

	en := zhDigest("").Text()
	for _, want := range []string{
		"Good morning 陈丽, here is your keepwarm digest for Friday 4 December 2026.",
		"2 older not listed here: see them all on your desk, https://kw.team.example/ (or keepwarm digest --salesperson lily@team.example --all lists every one).",
		`c.example: "(no subject)" to buyer@c.example, sent Wed 2 Dec 15:05: informational (thanks, thread 9)`,
		"no grade yet (1): n.example", "c.example: returning in 40 minutes (deadline Fri 4 Dec 15:45)",
		"monthly letter 2026-12 to Hans <hans@c.example> (c.example) at Fri 4 Dec 15:05 [planned]",
		"birthday of Hans <hans@c.example> (c.example) at Fri 4 Dec 15:05 [queued]",
		"Christmas to anna@c.example <anna@c.example> (c.example) at Fri 4 Dec 15:05 [sent]",
	} {
		if !strings.Contains(en, want) {
			t.Errorf("the English digest lacks %q:\n%s", want, en)
		}
	}
}
