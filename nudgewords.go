package keepwarm

import (
	"fmt"
	"time"
)

// NudgeWords are a reply nudge's fixed texts in one language, shared by the
// nudge mail and the chat channels so the two say the same thing.
type NudgeWords struct {
	Due, Passed           string // titles: who, a space (none after "）"), how long
	Customer              string
	Subject               string
	Waiting               string
	Open                  string // a link's text
	Many                  string // "%d ..." heading of a merged chat message
	Someone               string // a customer without a name
	CoverUntil, CoverOpen string // owner (, last day)
	CoverLatest           string // owner, the day they are taken as back at the latest
	// Nudged, NudgedFor: the manager's copy names who was nudged (and for
	// whom they cover).
	Nudged, NudgedFor string
	Test              string
	Who               func(name, company string) string
	Sep               string // between a customer's name and address
	Colon             string // after a field's label
	Under, Min, Hour  string
	// NotOnTeam: the customer's owner (by name) is no longer a salesperson
	// of the team, and the reader gets their customer's mail.
	NotOnTeam string
	// AlertTitle heads a note about keepwarm itself (ChatNote.Alert), and
	// AlertNotify is its line (the error).
	AlertTitle, AlertNotify string
	// NoSubject stands for a customer's empty subject; Unreadable says
	// nothing of the customer's mail could be read (ChatNote.Unreadable).
	NoSubject, Unreadable string
}

// NudgeWordsIn is the nudge words of lang: Chinese for "zh", else English.
func NudgeWordsIn(lang string) NudgeWords {
	if lang == "zh" {
		return NudgeWords{
			Due: "待回复：%s%s已等 %s", Passed: "已超回复时限：%s%s已等 %s",
			Customer: "客户", Subject: "主题", Waiting: "已等", Open: "在 keepwarm 中打开",
			Many: "%d 封客户邮件等待回复", Someone: "一位客户",
			CoverUntil: "%s 休假至 %s，由你代为跟进", CoverOpen: "%s 不在（直到其再发正常邮件），由你代为跟进",
			CoverLatest: "%s 不在（未给出返回日期，最迟 %s 视为返回），由你代为跟进",
			NotOnTeam:   "客户负责人 %s 已不在团队中，由你跟进；请把其客户转交他人（keepwarm customers handover）",
			Nudged:      "经理抄送：已提醒 %s 回复", NudgedFor: "经理抄送：已提醒 %s 回复（代 %s 跟进）",
			AlertTitle:  "keepwarm 提醒：系统邮件发不出去",
			AlertNotify: "来自 [notify] 的邮件（回复提醒、日报、周报）发送失败：%s。修复之前只有群聊提醒能送达；/healthz 有说明。",
			Test:        "这是 keepwarm check --notify 发的测试消息，没有客户在等；提醒在这里就是这个样子。",
			Who:         func(name, co string) string { return name + "（" + co + "）" }, Sep: "，", Colon: "：",
			Under: "不到 1 分钟", Min: "%d 分钟", Hour: "%d 小时 %d 分钟",
			NoSubject:  "（无主题）",
			Unreadable: "keepwarm 无法读取这封邮件：请在邮件客户端里打开，看看写了什么（也可能是自动回复或退信）。",
		}
	}
	return NudgeWords{
		Due: "Reply due: %s%swaiting %s", Passed: "Reply target passed: %s%swaiting %s",
		Customer: "Customer", Subject: "Subject", Waiting: "Waiting", Open: "Open in keepwarm",
		Many: "%d customer emails waiting for an answer", Someone: "a customer",
		CoverUntil: "Covering for %s, away until %s", CoverOpen: "Covering for %s, away until they send a normal mail",
		CoverLatest: "Covering for %s, away with no return date given (back by %s at the latest)",
		NotOnTeam:   "The customer's owner %s is not on the team any more: answer for them, and hand their customers on (keepwarm customers handover)",
		Nudged:      "Copy for the manager: %s was nudged", NudgedFor: "Copy for the manager: %s was nudged (covering for %s)",
		AlertTitle:  "keepwarm: its mail cannot be sent",
		AlertNotify: "Mail from [notify] (reply nudges, digests, the weekly summary) failed: %s. Until it is fixed only chat nudges arrive; /healthz names it.",
		Test:        "A test from keepwarm check --notify: no customer is waiting; this is how a nudge looks here.",
		Who:         func(name, co string) string { return name + " (" + co + ")" }, Sep: ", ", Colon: ": ",
		Under: "under a minute", Min: "%d min", Hour: "%dh%02d",
		NoSubject:  "(no subject)",
		Unreadable: "keepwarm could not read this email: open it in your mail client to see what it says (it may also be an automatic answer or a bounce).",
	}
}

// Waited says how long d is, as a nudge does: "5 min", "2h05", "2 小时 5 分钟".
func (w NudgeWords) Waited(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return w.Under
	case m < 120:
		return fmt.Sprintf(w.Min, m)
	}
	return fmt.Sprintf(w.Hour, m/60, m%60)
}

// Title is a nudge's title: "Reply due: Hans Meier (Globex GmbH) waiting 5
// min", "待回复：Hans Meier（Globex GmbH）已等 5 分钟"; urgent once the
// reply target has passed.
func (w NudgeWords) Title(who, waited string, urgent bool) string {
	gap := " "
	if len(who) >= len("）") && who[len(who)-len("）"):] == "）" {
		gap = ""
	}
	if urgent {
		return fmt.Sprintf(w.Passed, who, gap, waited)
	}
	return fmt.Sprintf(w.Due, who, gap, waited)
}
