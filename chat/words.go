package chat

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// words are a nudge's fixed texts in one language, shared with the nudge
// mail (keepwarm.NudgeWordsIn).
type words = keepwarm.NudgeWords

// Lang is the language a note is shown in on a channel of kind: the
// note's own, else Chinese on WeCom, DingTalk and Feishu (whose users are
// Chinese teams) and English elsewhere; English for a note an older
// keepwarm queued (its stored title is English).
func Lang(n keepwarm.ChatNote, kind string) string {
	switch {
	case n.Lang == "zh" || n.Lang == "en":
		return n.Lang
	case n.Since.IsZero() && n.Alert == "":
		return "en"
	}
	switch kind {
	case WeCom, DingTalk, Feishu:
		return "zh"
	}
	return "en"
}

func wordsFor(lang string) words { return keepwarm.NudgeWordsIn(lang) }

// view is a note as a channel shows it: every text in the reader's
// language, each customer's word already made safe for the platform's
// markup by esc.
type view struct {
	title, customer, subject, waiting string
	excerpt                           string   // one line, plain
	lines                             []string // keepwarm's own lines after the excerpt (Unreadable, Draft)
	link                              string
	cover, test                       string // body lines, "" = none
	alert                             string // a note about keepwarm: its only line
	w                                 words
}

// viewOf lays a note out at now for a channel of kind; esc neutralises
// the platform's markup in what a customer wrote.
func viewOf(n keepwarm.ChatNote, kind string, now time.Time, esc func(string) string) view {
	w := wordsFor(Lang(n, kind))
	v := view{subject: esc(n.Subject), link: n.Link, w: w,
		excerpt: esc(strings.Join(excerptLines(n.Excerpt), " "))}
	if n.Alert != "" {
		v.title, v.alert = w.AlertTitle, fmt.Sprintf(w.AlertNotify, esc(n.Alert))
		return v
	}
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
		who = w.Someone
	}
	if co := oneLine(n.Company); co != "" && !strings.EqualFold(co, who) {
		who = w.Who(who, co)
	}
	who = esc(keepwarm.ClipLine(who, 120))
	if n.Subject == "" {
		v.subject = w.NoSubject
	}
	if n.Unreadable {
		v.lines = append(v.lines, w.Unreadable)
	}
	if n.Draft != nil {
		if l := w.DraftLine(*n.Draft, esc); l != "" {
			v.lines = append(v.lines, l)
		}
	}
	v.waiting = w.Waited(now.Sub(n.Since))
	v.title = w.Title(who, v.waiting, n.Urgent || (n.Target > 0 && now.Sub(n.Since) >= n.Target))
	v.customer = who
	if n.Contact != "" {
		v.customer += w.Sep + esc(n.Contact)
	}
	if c := n.Cover; c != nil {
		if c.NotOnTeam {
			v.cover = fmt.Sprintf(w.NotOnTeam, esc(c.Owner))
		} else if c.Until != "" && c.NoReturnDate {
			v.cover = fmt.Sprintf(w.CoverLatest, esc(c.Owner), esc(c.Until))
		} else if c.Until != "" {
			v.cover = fmt.Sprintf(w.CoverUntil, esc(c.Owner), esc(c.Until))
		} else {
			v.cover = fmt.Sprintf(w.CoverOpen, esc(c.Owner))
		}
	}
	switch {
	case n.Nudged != "" && n.NudgedFor != "":
		v.cover = fmt.Sprintf(w.NudgedFor, esc(n.Nudged), esc(n.NudgedFor))
	case n.Nudged != "":
		v.cover = fmt.Sprintf(w.Nudged, esc(n.Nudged))
	}
	if n.Test {
		v.test = w.Test
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
// emphasis, code, HTML entities. (A heading, a quote or a list needs its
// mark at the start of a line, where on WeCom and DingTalk a label stands
// before the customer's words; a Teams card, which opens a TextBlock or a
// fact with them, puts a word joiner before a list mark: noListMark.)
var mdSafe = strings.NewReplacer("<", "‹", ">", "›", "\r", " ", "\n", " ", "://", "∶//",
	"[", "［", "]", "］", "*", "＊", "_", "＿", "`", "ˋ", "~", "～", "\\", "＼", "&", "＆").Replace

// slackSafe is for Slack's mrkdwn: its three escapes, and emphasis.
var slackSafe = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", " ", "\n", " ", "://", "∶//",
	"*", "∗", "_", "ˍ", "~", "∼", "`", "ˋ").Replace
