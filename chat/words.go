package chat

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// words are a nudge's fixed texts in one language.
type words struct {
	due, passed      string // titles: who, a space (none after "）"), how long
	customer         string
	subject          string
	waiting          string
	open             string
	many             string // "%d ..." heading of a merged message
	someone          string // a customer without a name
	coverUntil       string // owner, last day
	coverOpen        string // owner
	test             string
	who              func(name, company string) string
	sep              string // between a customer's name and address
	colon            string // after a field's label
	under, min, hour string
}

var wordsEN = words{
	due: "Reply due: %s%swaiting %s", passed: "Reply target passed: %s%swaiting %s",
	customer: "Customer", subject: "Subject", waiting: "Waiting", open: "Open in keepwarm",
	many: "%d customer emails waiting for an answer", someone: "a customer",
	coverUntil: "Covering for %s, away until %s", coverOpen: "Covering for %s, away until they send a normal mail",
	test: "A test from keepwarm check --notify: no customer is waiting; this is how a nudge looks here.",
	who:  func(name, co string) string { return name + " (" + co + ")" }, sep: ", ", colon: ": ",
	under: "under a minute", min: "%d min", hour: "%dh%02d",
}

var wordsZH = words{
	due: "待回复：%s%s已等 %s", passed: "已超回复时限：%s%s已等 %s",
	customer: "客户", subject: "主题", waiting: "已等", open: "在 keepwarm 中打开",
	many: "%d 封客户邮件等待回复", someone: "一位客户",
	coverUntil: "%s 休假至 %s，由你代为跟进", coverOpen: "%s 不在（直到其再发正常邮件），由你代为跟进",
	test: "这是 keepwarm check --notify 发的测试消息，没有客户在等；提醒在这里就是这个样子。",
	who:  func(name, co string) string { return name + "（" + co + "）" }, sep: "，", colon: "：",
	under: "不到 1 分钟", min: "%d 分钟", hour: "%d 小时 %d 分钟",
}

// Lang is the language a note is shown in on a channel of kind: the
// note's own, else Chinese on WeCom, DingTalk and Feishu (whose users are
// Chinese teams) and English elsewhere; English for a note an older
// keepwarm queued (its stored title is English).
func Lang(n keepwarm.ChatNote, kind string) string {
	switch {
	case n.Lang == "zh" || n.Lang == "en":
		return n.Lang
	case n.Since.IsZero():
		return "en"
	}
	switch kind {
	case WeCom, DingTalk, Feishu:
		return "zh"
	}
	return "en"
}

func wordsFor(lang string) words {
	if lang == "zh" {
		return wordsZH
	}
	return wordsEN
}

// waited says how long d is, as a nudge does: "5 min", "2h05".
func (w words) waited(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return w.under
	case m < 120:
		return fmt.Sprintf(w.min, m)
	}
	return fmt.Sprintf(w.hour, m/60, m%60)
}

// view is a note as a channel shows it: every text in the reader's
// language, each customer's word already made safe for the platform's
// markup by esc.
type view struct {
	title, customer, subject, waiting string
	excerpt                           string // one line, plain
	link                              string
	cover, test                       string // body lines, "" = none
	w                                 words
}

// viewOf lays a note out at now for a channel of kind; esc neutralises
// the platform's markup in what a customer wrote.
func viewOf(n keepwarm.ChatNote, kind string, now time.Time, esc func(string) string) view {
	w := wordsFor(Lang(n, kind))
	v := view{subject: esc(n.Subject), link: n.Link, w: w,
		excerpt: esc(strings.Join(excerptLines(n.Excerpt), " "))}
	if n.Since.IsZero() {
		// Queued by an older keepwarm: as stored.
		v.title, v.customer, v.waiting = esc(n.Title), esc(n.Customer), esc(n.Waiting)
		return v
	}
	who := oneLine(n.Name)
	if who == "" {
		who = oneLine(n.Contact)
	}
	if who == "" {
		who = w.someone
	}
	if co := oneLine(n.Company); co != "" && !strings.EqualFold(co, who) {
		who = w.who(who, co)
	}
	who = esc(keepwarm.ClipLine(who, 120))
	v.waiting = w.waited(now.Sub(n.Since))
	gap := " "
	if strings.HasSuffix(who, "）") {
		gap = ""
	}
	v.title = fmt.Sprintf(w.due, who, gap, v.waiting)
	if n.Urgent {
		v.title = fmt.Sprintf(w.passed, who, gap, v.waiting)
	}
	v.customer = who
	if n.Contact != "" {
		v.customer += w.sep + esc(n.Contact)
	}
	if c := n.Cover; c != nil {
		if c.Until != "" {
			v.cover = fmt.Sprintf(w.coverUntil, esc(c.Owner), esc(c.Until))
		} else {
			v.cover = fmt.Sprintf(w.coverOpen, esc(c.Owner))
		}
	}
	if n.Test {
		v.test = w.test
	}
	return v
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// The escapers keep a customer's words from becoming markup, a link or a
// mention in the team's chat: a subject "询价 [点这里](https://evil.example)
// **紧急**" shows as written, not as a bold link. Markup characters turn
// into look-alikes (no platform documents a working backslash escape),
// "://" into "∶//" so no address is recognised, line breaks into spaces.

// plainSafe is for text shown as text (a Feishu post's text elements, a
// generic webhook's plain text): angle brackets (mentions such as <@all>),
// line breaks and addresses.
var plainSafe = strings.NewReplacer("<", "‹", ">", "›", "\r", " ", "\n", " ", "://", "∶//").Replace

// mdSafe is for WeCom's and DingTalk's markdown: also links, images,
// emphasis, code, HTML entities. (A heading or a quote needs its mark at
// the start of a line, where no customer's word stands.)
var mdSafe = strings.NewReplacer("<", "‹", ">", "›", "\r", " ", "\n", " ", "://", "∶//",
	"[", "［", "]", "］", "*", "＊", "_", "＿", "`", "ˋ", "~", "～", "\\", "＼", "&", "＆").Replace

// slackSafe is for Slack's mrkdwn: its three escapes, and emphasis.
var slackSafe = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", " ", "\n", " ", "://", "∶//",
	"*", "∗", "_", "ˍ", "~", "∼", "`", "ˋ").Replace
