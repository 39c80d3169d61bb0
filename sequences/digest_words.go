package sequences

import (
	"fmt"
	"strconv"
	"time"

	"keepwarm"
)

// plural is a count's words: "%d call" for one, "%d calls" for more.
type plural struct{ one, many string }

func (p plural) of(n int) string {
	if n == 1 {
		return fmt.Sprintf(p.one, n)
	}
	return fmt.Sprintf(p.many, n)
}

// digestWords are a daily digest's fixed texts in one language: subject,
// greeting, section titles and notes, line layouts, "more" lines, footer,
// dates and waits. The customer's own text (names, subjects) is never
// translated. A digest is in Chinese only for a salesperson whose lang is
// "zh", as their nudge mail is (nudgeMailWords).
type digestWords struct {
	zh bool

	subject                                string // the day
	colon, comma                           string // after the day; between counts
	unanswered, calls, reviews             plural // the subject's counts
	bounces, optOuts, toCheck              plural
	chatMissed, failed, waiting, mailboxes plural
	notSending, greetingsNotSent           plural
	byHand, returningSoon                  plural // mails to other contacts to write by hand; claims back to the pool soon
	covering                               string // subject's prefix for a backup: the owner
	coverZone                              string // after the cover line: the reader's zone

	greeting, footer string // name, day
	coverGreeting    string // reader's name, absent salesperson's name, day

	// Dates and waits in the salesperson's zone.
	day, when, longDay func(time.Time) string
	wait               func(time.Duration) string
	// figure writes a target or a reply figure exactly, to the smallest
	// unit that is not zero (figureWait): a target of 2m30s is not "2m".
	figure func(time.Duration) string
	quote  func(string) string // a customer's subject in a line

	more, older, moreAll, moreDesk string // left, what, where; salesperson; base URL, the command
	noSubject, someone             string
	label                          string // a customer's name and key
	nameSep                        string // between names on one line

	unansweredTitle, oldestFirst, mostRecent, unansweredItem string
	offTeamTitle, offTeamNote, offTeamItem, offTeamIn        string
	repliesTitle, target                                     string
	targetsJudged                                            string // the targets, after target when they changed
	replyLine                                                func(ReplyFigures) string
	callsTitle, callsNote, callsNoteWeb, callItem, taskRef   string
	endedTitle, endedNote, endedItem                         string
	endedChanged                                             string // after endedItem: its sequence's edit left it no step
	// endedNote and endedNoteCover when one listed ended so.
	endedNoteChanged, endedNoteChangedCover                  string
	failedTitle, failedNote, failedItem                      string
	failedAs                                                 string // after failedItem: a colleague's follow-up of her customer
	failedListHeld                                           string // after failedItem: a reply came through the customer's list since its step that may have gone out
	waitingTitle, waitingNote, waitingItem, waitingNoteCover string
	notFollowedTitle, notFollowedNote, notFollowedItem       string
	// A mail to other contacts of a thread whose follow-up goes on cannot
	// be enrolled (keepwarm enroll refuses the thread): its salesperson
	// writes by hand. Others, when both are listed; the desk's list of them.
	notFollowedNoteOthers, notFollowedNoteBoth, notFollowedNoteDesk string
	// In a digest a backup reads: the mail was the absent salesperson's
	// (%s), and so is what next for the ended sequences.
	notFollowedNoteCover, endedNoteCover                 string
	skipReason                                           func(string) string
	reviewsTitle, reviewsNote, gradeLine, gradeNotListed string
	// In a digest a backup reads: the reviews and the follow-ups a failed
	// send stopped wait for the absent salesperson (%s), as the desk
	// leaves them theirs.
	reviewsNoteCover, failedNoteCover                  string
	grade                                              func(string) string
	andMore                                            string
	returningTitle, returningNote, returningItem       string
	returning                                          func(deadline, now time.Time, note string) string
	bouncedTitle, leftSuccessor, leftFind, bouncedItem string
	optedTitle, optedNote, optedItem, optedIn          string
	optedCompany                                       string // a customer opted out as a whole: who asked, the customer, when
	checkTitle, checkNote, checkItem                   string
	checkDraftTitle, checkDraftNote                    string // uncertain drafts: keepwarm stopped while filing them
	// Uncertain sends keepwarm could not look for in Sent (lookedInSent):
	// they may well be there.
	checkUnlookedTitle, checkUnlookedNote                string
	chatTitle, chatNote, chatItem                        string
	status                                               func(string) string
	notSentTitle, notSentItem                            string
	mailboxesTitle, mailboxesNote, mailboxItem           string
	mailboxFault                                         string
	notSendingTitle, notSendingNote, notSendingItem      string
	greetingsTitle, greetingItem, greetingTo, birthdayTo string
	greetingsSentTitle, greetingsSentNote, reasonSep     string
	occasion                                             func(DigestGreeting) string
	sentTitle, sentNote, sentItem, drafted               string
	dueTitle, dueNote, dueItem                           string
	// dueHeld, dueHeldOpen: a due step waits while its owner is away
	// (owner, the absence's source, back at; no return date known).
	dueHeld, dueHeldOpen string
	// dueDryRun marks a step of a sequence in dry-run mode: recorded when
	// due, not sent; dueDryRunTitle and dueDryRunNote head a list of only
	// such steps.
	dueDryRun, dueDryRunTitle, dueDryRunNote string
	// dueReplaced marks a queued step an edit of its sequence replaced
	// or removed since: the send's last look does not send it.
	dueReplaced string
	// In a digest a backup reads, the absent salesperson's (%[1]s)
	// drafts, sends and follow-ups: theirs, not the reader's, and paused
	// by the manager (the desk leaves them to the owner and the manager).
	checkNoteCover, checkDraftNoteCover, dueNoteCover string
	checkUnlookedNoteCover                            string
	sentTitleCover, draftedCover, waitingTitleCover   string // name, count; name; name, count
	optedNoteCover, greetingsSentNoteCover            string
	waitingCover                                      plural // count; its %%s, left for the name
	byHandCover                                       plural // the same
	// awaySource names where an absence was learned (keepwarm.AwayDesk
	// ...), where the language does not use the key itself.
	awaySource map[string]string
}

// digestWordsIn is the digest's words in lang: Chinese for "zh", else
// English.
func digestWordsIn(lang string) digestWords {
	if lang == "zh" {
		return zhDigestWords
	}
	return enDigestWords
}

var enDigestWords = digestWords{
	subject: "keepwarm digest %s", colon: ": ", comma: ", ",
	unanswered: plural{"%d unanswered", "%d unanswered"}, calls: plural{"%d call", "%d calls"},
	reviews: plural{"%d review", "%d reviews"}, bounces: plural{"%d bounce", "%d bounces"},
	optOuts: plural{"%d opt-out", "%d opt-outs"}, toCheck: plural{"%d send to check", "%d sends to check"},
	chatMissed:       plural{"%d chat nudge not delivered", "%d chat nudges not delivered"},
	failed:           plural{"%d follow-up failed", "%d follow-ups failed"},
	waiting:          plural{"%d follow-up waiting for you", "%d follow-ups waiting for you"},
	mailboxes:        plural{"%d mailbox not read", "%d mailboxes not read"},
	notSending:       plural{"%d mailbox not sending", "%d mailboxes not sending"},
	greetingsNotSent: plural{"%d greeting not sent", "%d greetings not sent"},
	byHand:           plural{"%d mail to follow up by hand", "%d mails to follow up by hand"},
	returningSoon:    plural{"%d customer returning to the pool", "%d customers returning to the pool"},
	covering:         "[covering for %s] ",
	coverZone:        " Times are in your time zone, %s.",
	greeting:         "Good morning %s, here is your keepwarm digest for %s.",
	coverGreeting:    "Good morning %s, here is %s's keepwarm digest for %s.",
	footer:           "keepwarm daily digest. Empty sections are left out.",
	day:              func(t time.Time) string { return t.Format("Mon 2 Jan") },
	when:             func(t time.Time) string { return t.Format("Mon 2 Jan 15:04") },
	longDay:          func(t time.Time) string { return t.Format("Monday 2 January 2006") },
	wait:             digestWait,
	figure:           figureWait,
	quote:            strconv.Quote,
	more:             "%d %snot listed here: %s.", older: "older ",
	moreAll:   "keepwarm digest --salesperson %s --all lists every one",
	moreDesk:  "see them all on your desk, %s (or %s)",
	noSubject: "(no subject)", someone: "a customer", label: "%s (%s)", nameSep: ", ",

	unansweredTitle: "Unanswered customer mail (%d)", oldestFirst: "Oldest first.",
	mostRecent: "The %d most recent, oldest first.", unansweredItem: "%s: %s, waiting %s (since %s)",
	offTeamTitle: "Customers of people not on the team (%d)",
	offTeamNote:  "Their owner is not on the team any more, so their mail comes to you: answer it, and have these customers handed on to a salesperson. Oldest first.",
	offTeamItem:  "%s: %s, waiting %s (since %s), customer of %s",
	offTeamIn:    ", in mailbox %s",
	repliesTitle: "Reply times since %s", target: "Target %s.", replyLine: replyLine,
	targetsJudged: " The targets changed: this mail was judged with %s (each message keeps the target of its day).",
	callsTitle:    "Calls due (%d)",
	callsNote:     "After each call, note why they went quiet, for the manager's report: keepwarm tasks done ID --reason KEY --note \"what they said\" (keys: %s), or ask whoever runs keepwarm to.",
	callsNoteWeb:  "After each call, press Done on your desk and say why they went quiet.",
	callItem:      "%s: %s (due %s)", taskRef: " (task %d)",
	endedTitle:       "Sequences ended without an answer (%d)",
	endedNote:        "Every step was done and the customer never wrote back: decide what next.",
	endedItem:        "%s: %s, %d step(s), ended %s (thread %d)",
	endedChanged:     "; its sequence was changed under it: no step of it was left to do",
	failedTitle:      "Follow-ups stopped until someone acts (%d)",
	failedNote:       "Nothing more goes out in these until you act: fix the cause, then keepwarm resume ID (or stop ID). A step that may have gone out is not resumed: ask the recipient, then keepwarm resume ID --arrived if it arrived, --resend if not; a step filed as a draft may be in your Drafts, or sent from there: look in your Drafts and Sent instead, --arrived if it is there, --resend if not.",
	failedItem:       "%s: %s (enrollment %d, thread %d)",
	failedAs:         " — sent in %s's name",
	failedListHeld:   "; read that reply first, it may be their answer: keepwarm resume %d --arrived (it arrived) leaves the follow-up paused until you resume it, or ends it on its last step; --resend (it did not) does the step again when you resume it",
	waitingTitle:     "Follow-ups waiting for you (%d)",
	waitingNote:      "keepwarm put these on hold until you look: do what each says, then keepwarm resume ID (or stop ID), or Resume or Stop on your desk. Nothing more goes out in them until then.",
	waitingItem:      "%s: %s (enrollment %d, thread %d)",
	waitingNoteCover: "keepwarm put these on hold until %s (or the manager) looks: nothing more goes out in them until then; tell them if you learn what happened.",
	notFollowedTitle: "Not followed up (%d)",
	notFollowedNote:  "Mail you sent that no sequence follows up, and why (keepwarm enrollments --all); enroll one by hand with keepwarm enroll THREAD.",
	notFollowedNoteOthers: "Mail you sent that no sequence follows up, and why (keepwarm enrollments --all). Those marked other-contacts: write to them yourself; " +
		"keepwarm cannot follow them up while the thread's other follow-up goes on.",
	notFollowedNoteBoth: "Mail you sent that no sequence follows up, and why (keepwarm enrollments --all). Those marked other-contacts: write to them yourself; " +
		"keepwarm cannot follow them up while the thread's other follow-up goes on. Enroll any other one by hand with keepwarm enroll THREAD.",
	notFollowedNoteDesk:   " They are also on the customer's page under \"To follow up by hand\".",
	notFollowedNoteCover:  "Mail %[1]s sent that no sequence follows up, and why: nothing goes out in these on its own. If one needs an answer before %[1]s is back, tell the manager.",
	endedNoteCover:        "Every step was done and the customer never wrote back: %s (or the manager) decides what next; nothing to do while you cover.",
	endedNoteChanged:      "Every step was done, or the sequence's edit left none to do, and the customer never wrote back: decide what next.",
	endedNoteChangedCover: "Every step was done, or the sequence's edit left none to do, and the customer never wrote back: %s (or the manager) decides what next; nothing to do while you cover.",
	notFollowedItem:       "%s: %s to %s, sent %s: %s (%s, thread %d)",
	skipReason:            same,
	reviewsTitle:          "Reviews due (%d)",
	reviewsNote:           "By grade; review each and regrade if needed; give a grade to those that have none.",
	reviewsNoteCover:      "These wait for %s to review when back (or for the manager): nothing to do while you cover.",
	failedNoteCover:       "Nothing more goes out in these until %s (or the manager) resumes or stops them: tell them if you learn what happened.",
	gradeLine:             "%s (%d): %s", gradeNotListed: "%s (%d): not listed here",
	grade: func(g string) string {
		if g == "" {
			return "no grade yet"
		}
		return g
	},
	andMore:        " and %d more",
	returningTitle: "Returning to the pool soon (%d)",
	returningNote:  "Get an answer or an order before the deadline, or the customer goes back to the pool.",
	returningItem:  "%s: %s (deadline %s)",
	returning:      func(_, _ time.Time, note string) string { return note },
	bouncedTitle:   "Bounced addresses to fix (%d)",
	leftSuccessor:  "%s (%s) has left the company (%s): new contact proposed: %s",
	leftFind:       "%s (%s) has left the company (%s): find who buys now",
	bouncedItem:    "%s (%s), bounced %s",
	optedTitle:     "Asked for no more mail (%d)",
	optedNote:      "keepwarm sends them nothing more in your name: no follow-up, greeting or letter. Your own mail still goes.",
	optedItem:      "%s (%s), %s", optedIn: ", in %s", optedCompany: "%s asked for the whole company: nobody at %s is written to any more, %s (keepwarm customers set … --opted-out=false undoes it)",
	checkTitle:         "Sends to check (%d)",
	checkNote:          "The link broke while these were being sent: they may have arrived, but they are not in Sent. Ask the recipient before sending again (keepwarm outbox --status uncertain).",
	checkItem:          "%s to %s from mailbox %s (outbox %d)",
	checkUnlookedTitle: "Sends to look for in Sent (%d)",
	checkUnlookedNote:  "The link broke while these were being sent, and keepwarm could not look for them in Sent (their mailbox's IMAP login stopped, or the mailbox is no longer configured): they may have arrived and be there. Look in your Sent folder, or ask the recipient, before sending again (keepwarm outbox --status uncertain).",
	checkDraftTitle:    "Drafts to check (%d)",
	checkDraftNote:     "keepwarm stopped while putting these in your Drafts: they may be there already. Look in your Drafts (and Sent) before writing one again; nothing was sent to the recipient.",
	chatTitle:          "Chat nudges not delivered (%d)",
	chatNote:           "These nudges did not reach the team chat (failed), or may not have (uncertain: keepwarm stopped while posting). keepwarm outbox --status failed (or uncertain) lists them.",
	chatItem:           "%s on %s: %s (%s)", status: enStatusWord,
	notSentTitle: "Follow-ups not sent (%d)", notSentItem: "to %s, step %s of %s: %s",
	mailboxesTitle:     "Mailboxes keepwarm cannot read (%d)",
	mailboxesNote:      "Until this is fixed keepwarm sees no new mail there: no reply clocks, no follow-ups stopped by an answer. `keepwarm check` says what to change.",
	mailboxItem:        "mailbox %s, since %s: %s",
	mailboxFault:       "mailbox %s, since %s: keepwarm stopped reading it on a fault in its own code (%s); tell your administrator: keepwarm's log holds what to report",
	notSendingTitle:    "Mailboxes keepwarm cannot send from now (%d)",
	notSendingNote:     "Follow-ups from them wait and go once this passes or is fixed: none is skipped. Greetings and letters wait too, but one whose day (a letter: month) ends meanwhile is not sent late. `keepwarm check` says what to change.",
	notSendingItem:     "mailbox %s: %s",
	greetingsTitle:     "Greetings and letters going out before your next digest (%d)",
	greetingsSentTitle: "Greetings and letters since your last digest (%d)",
	greetingsSentNote:  "What became of each one that was to go in your name, including on days without a digest.",
	greetingItem:       "%s%s (%s) at %s [%s]", greetingTo: " to %s <%s>", birthdayTo: " <%s>", reasonSep: ": ",
	occasion:  func(g DigestGreeting) string { return g.Occasion },
	sentTitle: "Follow-ups sent in your name since your last digest (%d)",
	sentNote:  "So a customer's mention of one is no surprise.",
	sentItem:  "to %s: step %d of %s, %s, %s %s", drafted: "put in your Drafts",
	dueTitle:               "Follow-ups going out before your next digest (%d)",
	dueNote:                "keepwarm sends these in your name unless the customer writes first. If you are about to call or write yourself, pause or stop one first: keepwarm pause ID, keepwarm stop ID, or on your desk.",
	dueItem:                "%s <%s>: step %d of %s at %s (enrollment %d)",
	dueHeld:                " — waits: %s is away (%s) until %s; it goes when they are back, unless the customer writes first",
	dueHeldOpen:            " — waits: %s is away (%s) with no return date; it goes when they are back, unless the customer writes first",
	dueDryRun:              " — dry run: recorded only, not sent",
	dueReplaced:            " — replaced by an edit: not sent",
	checkNoteCover:         "The link broke while these were being sent from %[1]s's mailbox: they may have arrived, but they are not in Sent. Do not send them again: tell %[1]s or the manager, who checks with the recipient.",
	checkUnlookedNoteCover: "The link broke while these were being sent from %[1]s's mailbox, and keepwarm could not look for them in its Sent (its IMAP login stopped, or it is no longer configured): they may have arrived and be there. Do not send them again: tell %[1]s or the manager, who looks in Sent or checks with the recipient.",
	checkDraftNoteCover:    "keepwarm stopped while putting these in %[1]s's Drafts: they may be there already. %[1]s (or the manager) checks them: do not write them again; nothing was sent to the recipient.",
	dueNoteCover:           "keepwarm sends these in %[1]s's name unless the customer writes first. If you are about to call or write to one of these customers, have the follow-up paused or stopped first: the manager can pause or stop one (keepwarm pause ID, keepwarm stop ID).",
	sentTitleCover:         "Follow-ups sent in %s's name since the last digest (%d)",
	draftedCover:           "put in %s's Drafts",
	waitingTitleCover:      "Follow-ups waiting for %s (%d)",
	optedNoteCover:         "keepwarm sends them nothing more in %s's name: no follow-up, greeting or letter.",
	greetingsSentNoteCover: "What became of each one that was to go in %s's name, including on days without a digest.",
	waitingCover:           plural{"%d follow-up waiting for %%s", "%d follow-ups waiting for %%s"},
	byHandCover:            plural{"%d mail of %%s's not followed up", "%d mails of %%s's not followed up"},
	dueDryRunTitle:         "Follow-up steps due before your next digest, recorded only (%d)",
	dueDryRunNote:          "These follow-ups run as a dry run: each step is recorded when it falls due, and nothing reaches the customer. If the customer should hear from you, write yourself.",
}

var zhDigestWords = digestWords{zh: true,
	subject: "keepwarm 日报 %s", colon: "：", comma: "，",
	unanswered: plural{"%d 封待回复", "%d 封待回复"}, calls: plural{"%d 个电话", "%d 个电话"},
	reviews: plural{"%d 个待复查", "%d 个待复查"}, bounces: plural{"%d 个退信", "%d 个退信"},
	optOuts: plural{"%d 个退订", "%d 个退订"}, toCheck: plural{"%d 封待核实", "%d 封待核实"},
	chatMissed:       plural{"%d 条聊天提醒未送达", "%d 条聊天提醒未送达"},
	failed:           plural{"%d 个跟进失败", "%d 个跟进失败"},
	waiting:          plural{"%d 个跟进等你处理", "%d 个跟进等你处理"},
	mailboxes:        plural{"%d 个邮箱无法读取", "%d 个邮箱无法读取"},
	notSending:       plural{"%d 个邮箱无法发信", "%d 个邮箱无法发信"},
	greetingsNotSent: plural{"%d 封问候未发出", "%d 封问候未发出"},
	byHand:           plural{"%d 封邮件需手动跟进", "%d 封邮件需手动跟进"},
	returningSoon:    plural{"%d 个客户即将退回公海", "%d 个客户即将退回公海"},
	covering:         "[代 %s 跟进] ",
	coverZone:        "时间均按你所在的时区（%s）。",
	greeting:         "%s，早上好！这是你 %s的 keepwarm 日报。",
	coverGreeting:    "%s，早上好！这是 %s %s的 keepwarm 日报。",
	footer:           "keepwarm 日报。没有内容的栏目不显示。",
	day:              func(t time.Time) string { return fmt.Sprintf("%d月%d日 %s", t.Month(), t.Day(), zhWeekday(t)) },
	when: func(t time.Time) string {
		return fmt.Sprintf("%d月%d日 %s %s", t.Month(), t.Day(), zhWeekday(t), t.Format("15:04"))
	},
	longDay: func(t time.Time) string {
		return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), zhWeekday(t))
	},
	wait:   zhWait,
	figure: zhFigureWait,
	quote:  func(s string) string { return "“" + s + "”" },
	more:   "另有 %d 条%s未在此列出：%s。", older: "更早的",
	moreAll:   "keepwarm digest --salesperson %s --all 可列出全部",
	moreDesk:  "可在工作台 %s 查看全部（或用 %s）",
	noSubject: "（无主题）", someone: "一位客户", label: "%s（%s）", nameSep: "、",

	unansweredTitle: "待回复的客户邮件（%d）", oldestFirst: "最早的在前。",
	mostRecent: "最近的 %d 封，最早的在前。", unansweredItem: "%s：%s，已等 %s（%s 起）",
	offTeamTitle: "已不在团队的同事的客户（%d）",
	offTeamNote:  "这些客户的负责人已不在团队，他们的邮件转给你：请回复，并请把这些客户转交给一位销售。最早的在前。",
	offTeamItem:  "%s：%s，已等 %s（%s 起），%s 的客户",
	offTeamIn:    "，在邮箱 %s 中",
	repliesTitle: "回复用时（%s 起）", target: "回复时限 %s。", replyLine: zhReplyLine,
	targetsJudged: "回复时限改过：这些邮件按 %s 计算（每封邮件保留收到当天的时限）。",
	callsTitle:    "今天要打的电话（%d）",
	callsNote: "每次通话后，记下客户为什么没有回音，供经理的报告使用：keepwarm tasks done ID --reason KEY --note \"客户的原话\"" +
		"（KEY 可选：%s），也可以请负责 keepwarm 的同事代为记录。",
	callsNoteWeb: "每次通话后，在工作台上点“完成”，写下客户为什么没有回音。",
	callItem:     "%s：%s（%s 到期）", taskRef: "（任务 %d）",
	endedTitle:       "跟进已走完仍无回复（%d）",
	endedNote:        "每一步都已完成，客户始终没有回信：请决定下一步。",
	endedItem:        "%s：%s，共 %d 步，%s 结束（会话 %d）",
	endedChanged:     "；序列在跟进进行中被修改，已没有剩余步骤",
	failedTitle:      "已停下、等人处理的跟进（%d）",
	failedNote:       "处理之前，这些跟进不会再发出任何邮件：先排除原因，再执行 keepwarm resume ID（或 stop ID）。某一步可能已经发出时不能直接恢复：先问收件人，收到了执行 keepwarm resume ID --arrived，没收到执行 --resend；存入草稿箱的一步可能还在草稿箱里，也可能已从那里发出：请查看草稿箱和“已发送”，在那里执行 --arrived，不在执行 --resend。",
	failedItem:       "%s：%s（跟进 %d，会话 %d）",
	failedAs:         "——以 %s 的名义发出",
	failedListHeld:   "；请先读这封回复，它可能就是客户的答复：keepwarm resume %d --arrived（已送达）会让跟进保持暂停，直到你恢复（若是最后一步则结束跟进）；--resend（未送达）会在你恢复时重新做这一步",
	waitingTitle:     "等你处理的跟进（%d）",
	waitingNote:      "keepwarm 暂停了这些跟进，等你查看：按每条所说的去做，然后执行 keepwarm resume ID（或 stop ID），也可以在工作台上点“恢复”或“停止”。在此之前，这些跟进不会再发出任何邮件。",
	waitingItem:      "%s：%s（跟进 %d，会话 %d）",
	waitingNoteCover: "keepwarm 暂停了这些跟进，等 %s（或经理）查看：在此之前不会再发出任何邮件；如果你了解到情况，请告诉他们。",
	notFollowedTitle: "没有跟进的邮件（%d）",
	notFollowedNote:  "你发出的、没有序列跟进的邮件及原因（keepwarm enrollments --all）；要手动跟进，用 keepwarm enroll THREAD。",
	notFollowedNoteOthers: "你发出的、没有序列跟进的邮件及原因（keepwarm enrollments --all）。发给其他联系人的那些（会话正在跟进发给其他联系人的邮件）：请自己给他们写信；" +
		"会话里另一个跟进进行期间，keepwarm 无法跟进它们。",
	notFollowedNoteBoth: "你发出的、没有序列跟进的邮件及原因（keepwarm enrollments --all）。发给其他联系人的那些（会话正在跟进发给其他联系人的邮件）：请自己给他们写信；" +
		"会话里另一个跟进进行期间，keepwarm 无法跟进它们。其他的要手动跟进，用 keepwarm enroll THREAD。",
	notFollowedNoteDesk:   "它们也列在客户页面的“需手动跟进”下。",
	notFollowedNoteCover:  "%[1]s 发出的、没有序列跟进的邮件及原因：这些邮件不会自动跟进。如果其中有需要在 %[1]s 回来之前回复的，请告诉经理。",
	endedNoteCover:        "每一步都已完成，客户始终没有回信：由 %s（或经理）决定下一步；代理期间无需处理。",
	endedNoteChanged:      "每一步都已完成，或序列修改后已没有剩余步骤，客户始终没有回信：请决定下一步。",
	endedNoteChangedCover: "每一步都已完成，或序列修改后已没有剩余步骤，客户始终没有回信：由 %s（或经理）决定下一步；代理期间无需处理。",
	notFollowedItem:       "%s：%s，发给 %s，%s 发出：%s（%s，会话 %d）",
	skipReason:            zhSkipReason,
	reviewsTitle:          "待复查的客户（%d）",
	reviewsNote:           "按等级排列；逐个复查，需要时调整等级；还没有等级的请定级。",
	reviewsNoteCover:      "这些客户等 %s 回来后复查（或由经理复查）：代理期间无需处理。",
	failedNoteCover:       "在 %s（或经理）恢复或停止之前，这些跟进不会再发出任何邮件：如果你了解到情况，请告诉他们。",
	gradeLine:             "%s（%d）：%s", gradeNotListed: "%s（%d）：此处未列出",
	grade: func(g string) string {
		if g == "" {
			return "尚未定级"
		}
		return g + " 级"
	},
	andMore:        "，另有 %d 个",
	returningTitle: "即将退回公海的客户（%d）",
	returningNote:  "请在期限前拿到回复或订单，否则客户会退回公海。",
	returningItem:  "%s：%s（期限 %s）",
	returning:      zhReturning,
	bouncedTitle:   "需要修正的退信地址（%d）",
	leftSuccessor:  "%s（%s）已离职（%s）：建议的新联系人：%s",
	leftFind:       "%s（%s）已离职（%s）：请找出现在负责采购的人",
	bouncedItem:    "%s（%s），%s 退信",
	optedTitle:     "要求不再来信（%d）",
	optedNote:      "keepwarm 不会再以你的名义给他们发任何邮件：不再跟进、问候或发月度邮件。你自己写的邮件照常发出。",
	optedItem:      "%s（%s），%s", optedIn: "，见于 %s", optedCompany: "%s 代表整个公司提出：%s 的所有人都不再收到邮件，%s（keepwarm customers set … --opted-out=false 可撤销）",
	checkTitle:         "需要核实的发送（%d）",
	checkNote:          "发送时连接中断：对方可能已经收到，但“已发送”里没有。再发之前请先问问收件人（keepwarm outbox --status uncertain）。",
	checkItem:          "%s，发给 %s，邮箱 %s（发件队列 %d）",
	checkUnlookedTitle: "需要在“已发送”里查找的发送（%d）",
	checkUnlookedNote:  "发送时连接中断，keepwarm 也无法在“已发送”里查找（邮箱的 IMAP 登录已停止，或邮箱已不在配置中）：对方可能已经收到，邮件也可能就在那里。再发之前请先查看你的“已发送”，或问问收件人（keepwarm outbox --status uncertain）。",
	checkDraftTitle:    "需要核实的草稿（%d）",
	checkDraftNote:     "keepwarm 在把这些草稿存入草稿箱时中断：它们可能已经在那里。再写之前请先查看你的草稿箱（和“已发送”）；没有任何邮件发给收件人。",
	chatTitle:          "未送达的聊天提醒（%d）",
	chatNote:           "这些提醒没有发到团队群（失败），或者可能没发到（不确定：发送时 keepwarm 停了）。keepwarm outbox --status failed（或 uncertain）可以列出它们。",
	chatItem:           "%s，发往 %s：%s（%s）", status: zhStatusWord,
	notSentTitle: "没有发出的跟进邮件（%d）", notSentItem: "发给 %[1]s，%[3]s 第 %[2]s 步：%[4]s",
	mailboxesTitle:     "keepwarm 无法读取的邮箱（%d）",
	mailboxesNote:      "修好之前 keepwarm 看不到那里的新邮件：不计回复用时，客户回信也不会让跟进停下。`keepwarm check` 会说明要改什么。",
	mailboxItem:        "邮箱 %s，%s 起：%s",
	mailboxFault:       "邮箱 %s，%s 起：keepwarm 自身出错，停止读取这个邮箱（%s）；请告诉管理员：keepwarm 的日志里有要报告的内容",
	notSendingTitle:    "keepwarm 暂时无法发信的邮箱（%d）",
	notSendingNote:     "从这些邮箱发出的跟进都在等待，恢复或修好后照常发出，不会跳过。问候和月信也在等待，但若在此期间过了当天（月信：当月），就不再补发。`keepwarm check` 会说明要改什么。",
	notSendingItem:     "邮箱 %s：%s",
	greetingsTitle:     "下一份日报之前发出的问候和月度邮件（%d）",
	greetingsSentTitle: "上一份日报以来的问候和月度邮件（%d）",
	greetingsSentNote:  "每一封本应以你的名义发出的邮件的结果，包括没有日报的日子。",
	greetingItem:       "%s%s（%s），%s [%s]", greetingTo: "，发给 %s <%s>", birthdayTo: " <%s>", reasonSep: "：",
	occasion:  zhOccasion,
	sentTitle: "上一份日报以来以你的名义发出的跟进邮件（%d）",
	sentNote:  "客户提起时你心里有数。",
	sentItem:  "发给 %s：%[3]s 第 %[2]d 步，%[4]s，%[6]s %[5]s", drafted: "已存入你的草稿箱",
	dueTitle:               "下一份日报之前将发出的跟进邮件（%d）",
	dueNote:                "除非客户先来信，keepwarm 会以你的名义发出这些邮件。如果你正要亲自打电话或写信，请先暂停或停止：keepwarm pause ID、keepwarm stop ID，或在工作台上操作。",
	dueItem:                "%[1]s <%[2]s>：%[4]s 第 %[3]d 步，%[5]s（跟进 %[6]d）",
	dueHeld:                "——暂缓：%s 不在（%s），%s 回来；回来后再发，除非客户先来信",
	dueHeldOpen:            "——暂缓：%s 不在（%s），未说明何时回来；回来后再发，除非客户先来信",
	dueDryRun:              "——试运行：只记录，不发送",
	dueReplaced:            "——已被序列修改取代：不发送",
	checkNoteCover:         "从 %[1]s 的邮箱发送时连接中断：对方可能已经收到，但“已发送”里没有。请不要再发：告诉 %[1]s 或经理，由他们向收件人核实。",
	checkUnlookedNoteCover: "从 %[1]s 的邮箱发送时连接中断，keepwarm 也无法在其“已发送”里查找（IMAP 登录已停止，或邮箱已不在配置中）：对方可能已经收到，邮件也可能就在那里。请不要再发：告诉 %[1]s 或经理，由他们查看“已发送”或向收件人核实。",
	checkDraftNoteCover:    "keepwarm 在把这些草稿存入 %[1]s 的草稿箱时中断：它们可能已经在那里。由 %[1]s（或经理）核实：请不要再写；没有任何邮件发给收件人。",
	dueNoteCover:           "除非客户先来信，keepwarm 会以 %[1]s 的名义发出这些邮件。如果你正要给其中的客户打电话或写信，请先让跟进暂停或停止：经理可以暂停或停止（keepwarm pause ID、keepwarm stop ID）。",
	sentTitleCover:         "上一份日报以来以 %s 的名义发出的跟进邮件（%d）",
	draftedCover:           "已存入 %s 的草稿箱",
	waitingTitleCover:      "等 %s 处理的跟进（%d）",
	optedNoteCover:         "keepwarm 不会再以 %s 的名义给他们发任何邮件：不再跟进、问候或发月度邮件。",
	greetingsSentNoteCover: "每一封本应以 %s 的名义发出的邮件的结果，包括没有日报的日子。",
	waitingCover:           plural{"%d 个跟进等 %%s 处理", "%d 个跟进等 %%s 处理"},
	byHandCover:            plural{"%%s 有 %d 封邮件未跟进", "%%s 有 %d 封邮件未跟进"},
	dueDryRunTitle:         "下一份日报之前到期的跟进步骤，只记录（%d）",
	dueDryRunNote:          "这些跟进以试运行方式进行：每一步到期时只做记录，不会发给客户。如果客户需要收到你的消息，请亲自写信。",
	awaySource:             map[string]string{keepwarm.AwayDesk: "工作台登记", keepwarm.AwayConfig: "配置", keepwarm.AwayAutoReply: "自动回复"},
}

func same(s string) string { return s }

var zhWeekdays = [7]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

func zhWeekday(t time.Time) string { return zhWeekdays[t.Weekday()] }

// zhWait is digestWait in Chinese: "45 秒", "6 分钟", "3 小时 5 分钟", "2 天 3 小时".
func zhWait(d time.Duration) string {
	return waitIn(d, [4]string{"%d 秒", "%d 分钟", "%d 小时 %d 分钟", "%d 天 %d 小时"})
}

// zhFigureWait is figureWait in Chinese, to the smallest unit that is not
// zero: "10 分 59 秒", "1 小时 0 分 59 秒", "2 天 0 小时 30 分钟".
func zhFigureWait(d time.Duration) string {
	s := max(int64(d/time.Second), 0)
	if s < 60 || s%60 == 0 && (s < 3600 || s%3600 == 0 || s < 86400) {
		return zhWait(d)
	}
	var out string
	switch {
	case s < 3600:
	case s < 86400:
		out = fmt.Sprintf("%d 小时 ", s/3600)
	default:
		out = fmt.Sprintf("%d 天 %d 小时 ", s/86400, s%86400/3600)
	}
	if s%60 == 0 {
		return out + fmt.Sprintf("%d 分钟", s%3600/60)
	}
	return out + fmt.Sprintf("%d 分 %d 秒", s%3600/60, s%60)
}

// zhReplyLine is replyLine in Chinese.
func zhReplyLine(r ReplyFigures) string {
	s := fmt.Sprintf("客户邮件 %d 封，已回复 %d 封，按时回复 %d 封", r.Count, r.Answered, r.WithinTarget)
	if r.Share != nil {
		s += "（" + keepwarm.SharePercent(*r.Share) + "）"
	}
	s += fmt.Sprintf("，超时 %d 封", r.Breaches)
	if r.Median != nil {
		s += "，中位 " + zhFigureWait(time.Duration(*r.Median)*time.Second)
	}
	if r.P90 != nil {
		s += "，90 分位 " + zhFigureWait(time.Duration(*r.P90)*time.Second)
	}
	if r.NoAnswerNeeded > 0 {
		s += fmt.Sprintf("；另有 %d 封标记为无需回复（不计入）", r.NoAnswerNeeded)
	}
	if r.AnsweredUnseen > 0 {
		s += fmt.Sprintf("；另有 %d 封已由 keepwarm 未见到的邮件回复，时间不明（不计入）", r.AnsweredUnseen)
	}
	return s
}

// zhSkipReason names why a mail is not followed up (keepwarm.Skip*).
func zhSkipReason(r string) string {
	if z, ok := map[string]string{
		"answered": "已有回复", "informational": "不需要回复（通知、致谢、发票等）", "bounced": "所有收件地址都退信了",
		"opted-out": "所有收件人都要求不再来信", "too-old": "发出太久", "no-mailbox": "没有可以发信的邮箱",
		"no-sequence": "客户不在任何跟进序列中", "superseded": "发给同一联系人的更新邮件已在另一个会话中跟进",
		"other-contacts":  "会话正在跟进发给其他联系人的邮件",
		"calendar-answer": "这是你的日历对会议邀请的答复（附有你写的话）",
	}[r]; ok {
		return z
	}
	return r
}

// enStatusWord names a send's or a greeting's status where the stored word
// would not say it to a salesperson.
func enStatusWord(s string) string {
	if w, ok := map[string]string{
		"skip": "not sent", greetingAwaySkip: "not sent", greetingAwayHeld: "waits", "drafted": "in Drafts",
	}[s]; ok {
		return w
	}
	return s
}

// zhStatusWord names a send's or a greeting's status.
func zhStatusWord(s string) string {
	if z, ok := map[string]string{
		"planned": "待发", "due": "即将发出", "queued": "已排队", "sending": "发送中", "sent": "已发送",
		"drafted": "已存草稿", "failed": "失败", "uncertain": "不确定", "skipped": "已跳过",
		"skip": "不发送", "missed": "已错过", greetingAwaySkip: "不发送", greetingAwayHeld: "等待中",
	}[s]; ok {
		return z
	}
	return s
}

// zhReturning says when a pool claim returns to the pool, as
// book.ReturningIn does in English; a claim already settled keeps its
// note, in Chinese where it is a known one.
func zhReturning(deadline, now time.Time, note string) string {
	switch note {
	case "answered":
		return "客户已回复"
	case "won":
		return "已成交"
	}
	left := deadline.Sub(now)
	switch {
	case deadline.IsZero():
		return note
	case left <= 0:
		return "现在退回公海"
	case left <= time.Hour:
		return fmt.Sprintf("%d 分钟后退回公海", int((left+time.Minute-1)/time.Minute))
	case left < 24*time.Hour:
		return fmt.Sprintf("%d 小时后退回公海", int((left+time.Hour-1)/time.Hour))
	}
	return fmt.Sprintf("%d 天后退回公海", int((left+24*time.Hour-1)/(24*time.Hour)))
}

// zhOccasion names what goes out: a holiday's greeting, a birthday, a
// month's letter.
func zhOccasion(g DigestGreeting) string {
	switch {
	case g.month != "":
		return g.month + " 月度邮件"
	case g.birthdayOf != "":
		return g.birthdayOf + " 的生日"
	}
	return "节日问候（" + g.Occasion + "）"
}
