package keepwarm

import (
	"fmt"
	"strings"
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
	// DraftYours says a "received" draft is in the reader's Drafts;
	// DraftTheirs in whose (by name); DraftYoursCover in the reader's,
	// in their name, while the owner (by name) is away.
	DraftYours, DraftTheirs, DraftYoursCover string
	// DraftFiledYours, DraftFiledTheirs and DraftFiledYoursCover say the
	// same as a past fact, when keepwarm filed the draft (ChatDraft.Filed):
	// their arguments are the time; whose Drafts (by name), then the
	// time; the owner away (by name), then the time.
	DraftFiledYours, DraftFiledTheirs, DraftFiledYoursCover string
	// DraftNamed, DraftNamedCover, DraftFiledNamed and DraftFiledNamedCover
	// are the Yours words naming the reader's Drafts (ChatDraft.Named), for
	// a post merging several readers' nudges: whose Drafts first, then the
	// time filed, then who is away.
	DraftNamed, DraftNamedCover, DraftFiledNamed, DraftFiledNamedCover string
	// NoDraft says why no "received" draft was written, by reason
	// (NoDraftName...), its arguments those ChatDraft.Args documents.
	NoDraft map[string]string
	// PlaceholderWhere says where another mail program's merge field is,
	// by the part it is in (the templates package's Part* names), else
	// PlaceholderWhereElse.
	PlaceholderWhere     map[string]string
	PlaceholderWhereElse string
}

// The reasons no "received" draft was written that a nudge names
// (ChatDraft.None, NudgeWords.NoDraft).
const (
	NoDraftName        = "name"        // the opening with an empty name slot
	NoDraftPlaceholder = "placeholder" // another mail program's merge field, the part it is in
	NoDraftSigner      = "signer"      // the salesperson with no name to sign with
	NoDraftRegister    = "register"    // the familiar word the thread uses, the formal word the template does
	NoDraftFamiliar    = "familiar"    // the formal word the thread uses, the familiar word the template does
	NoDraftLang        = "lang"        // the thread's language, the template it lacks, the tag for english_for
	NoDraftUnset       = "unset"       // the template file, the field a draft never has
	NoDraftSendAs      = "send_as"     // the alias the thread ran from, the mailbox that cannot send as it
)

// DraftLine says what d says of a "received" draft, each of its
// arguments made safe by esc; "" for a reason these words do not know
// (a newer keepwarm's) or with the wrong number of arguments.
func (w NudgeWords) DraftLine(d ChatDraft, esc func(string) string) string {
	switch {
	case d.Ready && d.Named && d.Whose != "" && d.Filed != "" && d.Away != "":
		return fmt.Sprintf(w.DraftFiledNamedCover, esc(d.Whose), esc(d.Filed), esc(d.Away))
	case d.Ready && d.Named && d.Whose != "" && d.Filed != "" && d.In == "":
		return fmt.Sprintf(w.DraftFiledNamed, esc(d.Whose), esc(d.Filed))
	case d.Ready && d.Named && d.Whose != "" && d.Away != "":
		return fmt.Sprintf(w.DraftNamedCover, esc(d.Whose), esc(d.Away))
	case d.Ready && d.Named && d.Whose != "" && d.In == "":
		return fmt.Sprintf(w.DraftNamed, esc(d.Whose))
	case d.Ready && d.Filed != "" && d.Away != "":
		return fmt.Sprintf(w.DraftFiledYoursCover, esc(d.Away), esc(d.Filed))
	case d.Ready && d.Filed != "" && d.In != "":
		return fmt.Sprintf(w.DraftFiledTheirs, esc(d.In), esc(d.Filed))
	case d.Ready && d.Filed != "":
		return fmt.Sprintf(w.DraftFiledYours, esc(d.Filed))
	case d.Ready && d.Away != "":
		return fmt.Sprintf(w.DraftYoursCover, esc(d.Away))
	case d.Ready && d.In != "":
		return fmt.Sprintf(w.DraftTheirs, esc(d.In))
	case d.Ready:
		return w.DraftYours
	}
	f, ok := w.NoDraft[d.None]
	if !ok || strings.Count(f, "%")-2*strings.Count(f, "%%") != len(d.Args) {
		return ""
	}
	args := make([]any, len(d.Args))
	for i, a := range d.Args {
		args[i] = esc(a)
	}
	if d.None == NoDraftPlaceholder {
		args[1] = w.PlaceholderWhereIn(d.Args[1]) // keepwarm's own words
	}
	return fmt.Sprintf(f, args...)
}

// PlaceholderWhereIn says where a merge field of part is.
func (w NudgeWords) PlaceholderWhereIn(part string) string {
	if s, ok := w.PlaceholderWhere[part]; ok {
		return s
	}
	return w.PlaceholderWhereElse
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
			NoSubject:            "（无主题）",
			Unreadable:           "keepwarm 无法读取这封邮件：请在邮件客户端里打开，看看写了什么（也可能是自动回复或退信）。",
			DraftYours:           "你的草稿箱里已备好一封简短的“已收到，正在处理”回复：如果答复需要查资料，请检查后发出。",
			DraftTheirs:          "%s 的草稿箱里已备好一封简短的“已收到，正在处理”回复。",
			DraftYoursCover:      "你的草稿箱里已备好一封简短的“已收到，正在处理”回复，以你的名义（%s 不在）：如果答复需要查资料，请检查后发出。",
			DraftFiledYours:      "keepwarm 已在 %s 把一封简短的“已收到，正在处理”回复放进你的草稿箱：如果答复需要查资料，请检查后发出。",
			DraftFiledTheirs:     "keepwarm 已在 %[2]s 把一封简短的“已收到，正在处理”回复放进 %[1]s 的草稿箱。",
			DraftFiledYoursCover: "keepwarm 已在 %[2]s 把一封简短的“已收到，正在处理”回复放进你的草稿箱，以你的名义（%[1]s 不在）：如果答复需要查资料，请检查后发出。",
			DraftNamed:           "%s 的草稿箱里已备好一封简短的“已收到，正在处理”回复：如果答复需要查资料，请检查后发出。",
			DraftNamedCover:      "%[1]s 的草稿箱里已备好一封简短的“已收到，正在处理”回复，以其名义（%[2]s 不在）：如果答复需要查资料，请检查后发出。",
			DraftFiledNamed:      "keepwarm 已在 %[2]s 把一封简短的“已收到，正在处理”回复放进 %[1]s 的草稿箱：如果答复需要查资料，请检查后发出。",
			DraftFiledNamedCover: "keepwarm 已在 %[2]s 把一封简短的“已收到，正在处理”回复放进 %[1]s 的草稿箱，以其名义（%[3]s 不在）：如果答复需要查资料，请检查后发出。",
			NoDraft: map[string]string{
				NoDraftName:        "没有备好“已收到”草稿：它的模板对这位没有名字的发件人会以 %q 开头（请写 {{.Contact.Salutation}}）。",
				NoDraftPlaceholder: "没有备好“已收到”草稿：它会写出 %q，这是别的邮件程序的占位符，keepwarm 不会替换它（%s）。",
				NoDraftSigner:      "没有备好“已收到”草稿：没有可以署名的名字（发件人和签名会是空的）。请在配置中给 [[salesperson]] %s 设置 name（以及 signature）。",
				NoDraftRegister:    "没有备好“已收到”草稿：这个会话里用的是 %q（非正式的称呼），而它的模板写的是 %q（正式的称呼），突然改变称呼会让客户看出是模板。请自己回复，或修改模板。",
				NoDraftFamiliar:    "没有备好“已收到”草稿：这个会话里用的是 %q（正式的称呼），而它的模板写的是 %q（非正式的称呼），对这位客户过于随便。请自己回复，或修改模板。",
				NoDraftLang:        "没有备好“已收到”草稿：客户用 %q 写信，而没有 %s 模板；英文的“已收到”回复放在这样的会话里，会让客户看出是程序写的。请添加这个模板，或在 sequences.english_for 中列出 %q。",
				NoDraftUnset:       "没有备好“已收到”草稿：它的模板 %s 写了 {{.%s}}，而“已收到”回复里从来没有这一项，每封都会在那里留下空白。请告诉经理把它从模板中去掉。",
				NoDraftSendAs:      "没有备好“已收到”草稿：这个会话里你们的邮件是从 %s 发出的，而邮箱 %q 不能以这个地址发信；从主地址回复会让客户看到两个品牌是同一家。如果服务器允许，请在配置中把它加到这个 [[mailbox]] 的 send_as。",
			},
			PlaceholderWhere: map[string]string{
				"template":   "在模板里",
				"salutation": "在客户资料里这位联系人的称呼里",
				"signature":  "在配置里这个邮箱的签名里（signature 或 signature_html）",
				"name":       "在这位联系人的名字里，客户资料里的或对方邮件里的",
			},
			PlaceholderWhereElse: "在模板里，或在客户资料里这位联系人的称呼里",
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
		NoSubject:            "(no subject)",
		Unreadable:           "keepwarm could not read this email: open it in your mail client to see what it says (it may also be an automatic answer or a bounce).",
		DraftYours:           "A short \"received, working on it\" reply is ready in your Drafts: if the answer needs research, check it and send it.",
		DraftTheirs:          "A short \"received, working on it\" reply is ready in %s's Drafts.",
		DraftYoursCover:      "A short \"received, working on it\" reply is ready in your Drafts, in your name, while %s is away: if the answer needs research, check it and send it.",
		DraftFiledYours:      "keepwarm put a short \"received, working on it\" reply in your Drafts at %s: if the answer needs research, check it and send it.",
		DraftFiledTheirs:     "keepwarm put a short \"received, working on it\" reply in %s's Drafts at %s.",
		DraftFiledYoursCover: "keepwarm put a short \"received, working on it\" reply in your Drafts at %[2]s, in your name, while %[1]s is away: if the answer needs research, check it and send it.",
		DraftNamed:           "A short \"received, working on it\" reply is ready in %s's Drafts: if the answer needs research, check it and send it.",
		DraftNamedCover:      "A short \"received, working on it\" reply is ready in %[1]s's Drafts, in their name, while %[2]s is away: if the answer needs research, check it and send it.",
		DraftFiledNamed:      "keepwarm put a short \"received, working on it\" reply in %[1]s's Drafts at %[2]s: if the answer needs research, check it and send it.",
		DraftFiledNamedCover: "keepwarm put a short \"received, working on it\" reply in %[1]s's Drafts at %[2]s, in their name, while %[3]s is away: if the answer needs research, check it and send it.",
		NoDraft: map[string]string{
			NoDraftName:        "No \"received\" draft: its template would open %q for this sender, who has no name here (write {{.Contact.Salutation}}).",
			NoDraftPlaceholder: "No \"received\" draft: it would write %q, another mail program's placeholder, which keepwarm does not fill in (%s).",
			NoDraftSigner:      "No \"received\" draft: there is no name to sign it with (its From and signature would be empty); set name (and signature) on the [[salesperson]] %s in the config.",
			NoDraftRegister:    "No \"received\" draft: this thread says %q, its template %q; the switch from the familiar to the formal form would show the customer a form letter. Write it yourself, or change the template.",
			NoDraftFamiliar:    "No \"received\" draft: this thread says %q, its template %q; the switch from the formal to the familiar form would be over-familiar with the customer. Write it yourself, or change the template.",
			NoDraftLang:        "No \"received\" draft: the customer writes in %q and there is no %s; an English one in this thread would show the customer a program wrote it (add one, or list %q in sequences.english_for).",
			NoDraftUnset:       "No \"received\" draft: its template %s writes {{.%s}}, which a \"received\" reply never has, so every one would have a blank there; ask the manager to take it out of the template.",
			NoDraftSendAs:      "No \"received\" draft: the team's mail in this thread went out from %s, which mailbox %q cannot send as; from the main address the buyer would see that the two brands are one. If its server allows it, add it to send_as on that [[mailbox]] in the config.",
		},
		PlaceholderWhere: map[string]string{
			"template":   "in the template",
			"salutation": "in the contact's salutation in the customer book",
			"signature":  "in the mailbox's signature in the config (signature or signature_html)",
			"name":       "in the contact's name, in the customer book or as their mail gives it",
		},
		PlaceholderWhereElse: "in the template, or in the contact's salutation in the customer book",
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
