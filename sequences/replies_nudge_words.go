package sequences

import (
	"fmt"
	"strings"

	"keepwarm"
)

// nudgeMailWords are the texts only a nudge mail has, in one language; the
// title, the field labels, how long and the customer's name are the chat
// nudge's (keepwarm.NudgeWordsIn). Mail has no channel to default by: it
// is in Chinese only for a salesperson whose lang is "zh".
type nudgeMailWords struct {
	keepwarm.NudgeWords
	zh            bool
	due, passed   string // target
	arrived, open string // labels
	inMailbox     string // arrival time, mailbox
	// advice ends a line saying there is no "received" draft: send a
	// short one first; alone when there is nothing else to say.
	advice string
	footer string // thread, message
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

// draftLine is what a nudge mail says of its "received" draft (d nil:
// nothing to say but to send one first): in which Drafts it is, or why
// there is none and to send one first.
func (w nudgeMailWords) draftLine(d *keepwarm.ChatDraft) string {
	if d == nil {
		return "\n" + strings.TrimSpace(w.advice) + "\n"
	}
	line := w.DraftLine(*d, func(s string) string { return s })
	if line == "" {
		return "\n" + strings.TrimSpace(w.advice) + "\n"
	}
	if d.Ready {
		return "\n" + line + "\n"
	}
	return "\n" + line + w.advice + "\n"
}

func nudgeMailWordsIn(lang string) nudgeMailWords {
	if lang == "zh" {
		return nudgeMailWords{NudgeWords: keepwarm.NudgeWordsIn("zh"), zh: true,
			advice:  "如果答复需要查资料，请先回一封简短的“已收到，正在处理”。",
			due:     "这封客户邮件在等回复（回复时限 %s）。\n\n",
			passed:  "这封客户邮件已超过 %s的回复时限，仍未回复。\n\n",
			arrived: "收到", open: "打开", inMailbox: "%s，邮箱 %q",
			footer:           "\n-- \nkeepwarm 回复提醒（会话 %d，邮件 %d）\n",
			managerCopy:      "经理抄送：这封客户邮件已提醒 %s 回复。\n\n",
			managerCopyCover: "经理抄送（%s 不在，由你代收）：这封客户邮件已提醒 %s 回复。\n\n",
			managerFor:       "%s（代 %s 跟进）",
		}
	}
	return nudgeMailWords{NudgeWords: keepwarm.NudgeWordsIn("en"),
		advice:  " If the answer needs research, send a short \"received, working on it\" first.",
		due:     "This customer email is waiting for an answer (target %s).\n\n",
		passed:  "This customer email has passed its %s reply target and is still unanswered.\n\n",
		arrived: "Arrived", open: "Open", inMailbox: "%s in mailbox %q",
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
