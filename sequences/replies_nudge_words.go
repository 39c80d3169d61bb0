package sequences

import (
	"fmt"

	"keepwarm"
	"keepwarm/templates"
)

// nudgeMailWords are the texts only a nudge mail has, in one language; the
// title, the field labels, how long and the customer's name are the chat
// nudge's (keepwarm.NudgeWordsIn). Mail has no channel to default by: it
// is in Chinese only for a salesperson whose lang is "zh".
type nudgeMailWords struct {
	keepwarm.NudgeWords
	zh                bool
	due, passed       string // target
	arrived, open     string // labels
	inMailbox         string // arrival time, mailbox
	draftYoursCover   string // owner away
	draftTheirs       string // who has the draft
	draftYours, noAck string
	noAckName         string // the ack template's opening with an empty name slot
	noAckPlaceholder  string // another mail program's merge field the draft would write
	noAckSigner       string // the salesperson with no name to sign the draft with
	noAckSendAs       string // the alias the thread ran from, the mailbox that cannot send as it
	noAckRegister     string // the familiar word the thread uses, the formal word the template does
	noAckFamiliar     string // the formal word the thread uses, the familiar word the template does
	noAckLang         string // the thread's language, the template it lacks, the tag for english_for
	noAckUnset        string // the template file, the field it writes that a draft never has
	footer            string // thread, message
	// The manager's copy of a target nudge: who was nudged; the same for
	// whoever covers for the manager (the manager, who was nudged); who
	// was nudged and for whom they stand in.
	managerCopy, managerCopyCover, managerFor string
}

// noAckWhy is why no "received" draft was written, when the nudge can say
// so: the opening with an empty name slot its template would write, the
// salesperson with no name to sign it, or the alias the thread ran from
// that the mailbox cannot send as.
type noAckWhy struct {
	name, placeholder, placeholderPart, unsigned, sendAs, mailbox, familiar, formal, lang, file string
	// unset is the field the template writes that a draft never has
	// ("Month"), in template file.
	unset string
	// overFamiliar says the thread is formal and the template familiar.
	overFamiliar bool
}

// zhPlaceholderWhere is templates.PlaceholderWhere in Chinese.
var zhPlaceholderWhere = map[string]string{
	templates.PartTemplate:   "在模板里",
	templates.PartSalutation: "在客户资料里这位联系人的称呼里",
	templates.PartSignature:  "在配置里这个邮箱的签名里（signature 或 signature_html）",
	templates.PartName:       "在这位联系人的名字里，客户资料里的或对方邮件里的",
}

// placeholderWhereIn says where a merge field of part is, in Chinese when
// zh.
func placeholderWhereIn(part string, zh bool) string {
	if !zh {
		return templates.PlaceholderWhere(part)
	}
	if w, ok := zhPlaceholderWhere[part]; ok {
		return w
	}
	return "在模板里，或在客户资料里这位联系人的称呼里"
}

func nudgeMailWordsIn(lang string) nudgeMailWords {
	if lang == "zh" {
		return nudgeMailWords{NudgeWords: keepwarm.NudgeWordsIn("zh"), zh: true,
			due:     "这封客户邮件在等回复（回复时限 %s）。\n\n",
			passed:  "这封客户邮件已超过 %s的回复时限，仍未回复。\n\n",
			arrived: "收到", open: "打开", inMailbox: "%s，邮箱 %q",
			draftYoursCover:  "\n你的草稿箱里已备好一封简短的“已收到，正在处理”回复，以你的名义（%s 不在）：如果答复需要查资料，请检查后发出。\n",
			draftTheirs:      "\n%s 的草稿箱里已备好一封简短的“已收到，正在处理”回复。\n",
			draftYours:       "\n你的草稿箱里已备好一封简短的“已收到，正在处理”回复：如果答复需要查资料，请检查后发出。\n",
			noAck:            "\n如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckName:        "\n没有备好“已收到”草稿：它的模板对这位没有名字的发件人会以 %q 开头（请写 {{.Contact.Salutation}}）。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckPlaceholder: "\n没有备好“已收到”草稿：它会写出 %q，这是别的邮件程序的占位符，keepwarm 不会替换它（%s）。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckSigner:      "\n没有备好“已收到”草稿：没有可以署名的名字（发件人和签名会是空的）。请在配置中给 [[salesperson]] %s 设置 name（以及 signature）。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckRegister:    "\n没有备好“已收到”草稿：这个会话里用的是 %q（非正式的称呼），而它的模板写的是 %q（正式的称呼），突然改变称呼会让客户看出是模板。请自己回复，或修改模板。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckFamiliar:    "\n没有备好“已收到”草稿：这个会话里用的是 %q（正式的称呼），而它的模板写的是 %q（非正式的称呼），对这位客户过于随便。请自己回复，或修改模板。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckLang:        "\n没有备好“已收到”草稿：客户用 %q 写信，而没有 %s 模板；英文的“已收到”回复放在这样的会话里，会让客户看出是程序写的。请添加这个模板，或在 sequences.english_for 中列出 %q。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckUnset:       "\n没有备好“已收到”草稿：它的模板 %s 写了 {{.%s}}，而“已收到”回复里从来没有这一项，每封都会在那里留下空白。请告诉经理把它从模板中去掉。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			noAckSendAs:      "\n没有备好“已收到”草稿：这个会话里你们的邮件是从 %s 发出的，而邮箱 %q 不能以这个地址发信；从主地址回复会让客户看到两个品牌是同一家。如果服务器允许，请在配置中把它加到这个 [[mailbox]] 的 send_as。如果答复需要查资料，请先回一封简短的“已收到，正在处理”。\n",
			footer:           "\n-- \nkeepwarm 回复提醒（会话 %d，邮件 %d）\n",
			managerCopy:      "经理抄送：这封客户邮件已提醒 %s 回复。\n\n",
			managerCopyCover: "经理抄送（%s 不在，由你代收）：这封客户邮件已提醒 %s 回复。\n\n",
			managerFor:       "%s（代 %s 跟进）",
		}
	}
	return nudgeMailWords{NudgeWords: keepwarm.NudgeWordsIn("en"),
		due:     "This customer email is waiting for an answer (target %s).\n\n",
		passed:  "This customer email has passed its %s reply target and is still unanswered.\n\n",
		arrived: "Arrived", open: "Open", inMailbox: "%s in mailbox %q",
		draftYoursCover:  "\nA short \"received, working on it\" reply is ready in your Drafts, in your name, while %s is away: if the answer needs research, check it and send it.\n",
		draftTheirs:      "\nA short \"received, working on it\" reply is ready in %s's Drafts.\n",
		draftYours:       "\nA short \"received, working on it\" reply is ready in your Drafts: if the answer needs research, check it and send it.\n",
		noAck:            "\nIf the answer needs research, send a short \"received, working on it\" first.\n",
		noAckName:        "\nNo \"received\" draft: its template would open %q for this sender, who has no name here (write {{.Contact.Salutation}}). If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckPlaceholder: "\nNo \"received\" draft: it would write %q, another mail program's placeholder, which keepwarm does not fill in (%s). If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckSigner:      "\nNo \"received\" draft: there is no name to sign it with (its From and signature would be empty); set name (and signature) on the [[salesperson]] %s in the config. If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckRegister:    "\nNo \"received\" draft: this thread says %q, its template %q; the switch from the familiar to the formal form would show the customer a form letter. Write it yourself, or change the template. If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckFamiliar:    "\nNo \"received\" draft: this thread says %q, its template %q; the switch from the formal to the familiar form would be over-familiar with the customer. Write it yourself, or change the template. If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckLang:        "\nNo \"received\" draft: the customer writes in %q and there is no %s; an English one in this thread would show the customer a program wrote it (add one, or list %q in sequences.english_for). If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckUnset:       "\nNo \"received\" draft: its template %s writes {{.%s}}, which a \"received\" reply never has, so every one would have a blank there; ask the manager to take it out of the template. If the answer needs research, send a short \"received, working on it\" first.\n",
		noAckSendAs:      "\nNo \"received\" draft: the team's mail in this thread went out from %s, which mailbox %q cannot send as; from the main address the buyer would see that the two brands are one. If its server allows it, add it to send_as on that [[mailbox]] in the config. If the answer needs research, send a short \"received, working on it\" first.\n",
		footer:           "\n-- \nkeepwarm reply watch (thread %d, message %d)\n",
		managerCopy:      "Copy for the manager: %s was nudged about this customer email.\n\n",
		managerCopyCover: "Copy for the manager, to you while %s is away: %s was nudged about this customer email.\n\n",
		managerFor:       "%s (covering for %s)",
	}
}

// label is a field's label in the mail's body: "Subject:  " (English
// labels line up), "主题：".
func (w nudgeMailWords) label(s string) string {
	if w.zh {
		return s + w.Colon
	}
	return fmt.Sprintf("%-10s", s+":")
}

// coverLine opens what a backup gets in place of name: "You are covering
// for Lily Chen, away until 2027-01-02." ("" until: until they write;
// latest: no return date given, back by until at the latest),
// "Lily Chen 休假至 2027-01-02，由你代为跟进。".
func (w nudgeMailWords) coverLine(name, until string, latest bool) string {
	switch {
	case !w.zh:
		return coverLine(name, until, latest)
	case until == "":
		return fmt.Sprintf(w.CoverOpen, name) + "。\n\n"
	case latest:
		return fmt.Sprintf(w.CoverLatest, name, until) + "。\n\n"
	}
	return fmt.Sprintf(w.CoverUntil, name, until) + "。\n\n"
}
