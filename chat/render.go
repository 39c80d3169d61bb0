package chat

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// message is one HTTP post: where, what, with which extra headers, and
// its size as the platform measures it against its limit.
type message struct {
	url    string
	body   []byte
	header map[string]string
	size   int // bytes of what the platform caps (WeCom's content, Feishu's request...)
	limit  int // the platform's cap for this kind of message
}

// fits reports whether the message is within the platform's cap and
// within budget (0 = no budget of our own).
func (m message) fits(budget int) bool {
	return m.size <= m.limit && (budget <= 0 || m.size <= budget)
}

// Content limits, in bytes of UTF-8 unless said otherwise: WeCom caps a
// markdown message's content at 4096 and a text message's at 2048;
// DingTalk refuses a message over 20000 (errcode 460101); Feishu a
// request over 20 KB; Slack a section's text at 3000 characters (each is
// clipped to 2900) and a message's at 40000; Teams a card's request at
// about 28 KB. keepwarm keeps a margin
// below the ones it cannot measure exactly.
const (
	wecomMarkdownMax = 4096
	wecomTextMax     = 2048
	dingtalkMax      = 18000
	feishuMax        = 18000
	slackMax         = 30000
	teamsMax         = 25000
	webhookMax       = 60000
)

// render lays notes out as one message of the channel's kind, at now: the
// waiting time counted to now, signed at the real time (c.Wall).
func (c *Channel) render(ns []keepwarm.ChatNote, now time.Time) (message, error) {
	signed := c.wall()
	var v any
	u := c.URL
	hdr := map[string]string{}
	size, limit := -1, 0
	switch c.Kind {
	case WeCom:
		v, size, limit = c.wecomBody(ns, now)
	case DingTalk:
		v, size = c.dingtalkBody(ns, now), -1
		limit = dingtalkMax
		if c.Secret != "" {
			ts, sign := DingTalkSign(c.Secret, signed)
			q := "timestamp=" + ts + "&sign=" + url.QueryEscape(sign)
			if strings.Contains(u, "?") {
				u += "&" + q
			} else {
				u += "?" + q
			}
		}
	case Feishu:
		b := c.feishuBody(ns, now)
		if c.Secret != "" {
			b["timestamp"], b["sign"] = FeishuSign(c.Secret, signed)
		}
		v, limit = b, feishuMax
	case Slack:
		v, limit = slackBody(ns, now), slackMax
	case Teams:
		v, limit = teamsBody(ns, now), teamsMax
	case Webhook:
		v, limit = webhookBody(ns, now), webhookMax
	default:
		return message{}, fmt.Errorf("chat: channel %s: unknown kind %q", c.Name, c.Kind)
	}
	body, err := json.Marshal(v)
	if err != nil {
		return message{}, fmt.Errorf("chat: channel %s: %w", c.Name, err)
	}
	if size < 0 {
		size = len(body)
	}
	if c.Kind == Webhook && c.Secret != "" {
		ts := strconv.FormatInt(signed.Unix(), 10)
		hdr["X-Keepwarm-Timestamp"] = ts
		hdr["X-Keepwarm-Signature"] = "sha256=" + WebhookSign(c.Secret, ts, body)
	}
	return message{url: u, body: body, header: hdr, size: size, limit: limit}, nil
}

// DingTalkSign is DingTalk's robot signature at now: the timestamp in
// milliseconds and base64(HMAC-SHA256(key secret, timestamp+"\n"+secret)),
// sent (URL-encoded) as the timestamp and sign query parameters.
func DingTalkSign(secret string, now time.Time) (timestamp, sign string) {
	timestamp = strconv.FormatInt(now.UnixMilli(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + "\n" + secret))
	return timestamp, base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// FeishuSign is Feishu's robot signature at now: the timestamp in seconds
// and base64(HMAC-SHA256(key timestamp+"\n"+secret, empty message)), sent
// as timestamp and sign in the JSON body.
func FeishuSign(secret string, now time.Time) (timestamp, sign string) {
	timestamp = strconv.FormatInt(now.Unix(), 10)
	m := hmac.New(sha256.New, []byte(timestamp+"\n"+secret))
	return timestamp, base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// WebhookSign is a generic webhook's signature: hex(HMAC-SHA256(key secret,
// timestamp+"."+body)), sent as X-Keepwarm-Signature: sha256=<hex> beside
// X-Keepwarm-Timestamp.
func WebhookSign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// excerptLines are the non-empty lines of an excerpt, without the quote
// marks an older keepwarm stored.
func excerptLines(ex string) []string {
	var out []string
	for _, l := range strings.Split(ex, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "> ")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// views lays out the notes of one post. Merged nudges of several readers,
// or of any reader not known, name whose Drafts hold a "received" draft,
// keeping what to do with it and whom it covers for, where one reader's
// say "your Drafts". Mentions do not tell readers apart: a group robot
// with no @-id mentions nobody.
func views(ns []keepwarm.ChatNote, kind string, now time.Time, esc func(string) string) []view {
	out := make([]view, len(ns))
	many := false
	reader := ""
	for i, n := range ns {
		r := n.Reader
		if r == "" && n.Draft != nil {
			r = n.Draft.Whose
		}
		if len(ns) > 1 && (r == "" || (i > 0 && r != reader)) {
			many = true
		}
		reader = r
	}
	for i, n := range ns {
		if d := n.Draft; many && d != nil && d.Ready && d.In == "" && d.Whose != "" {
			named := *d
			named.Named = true
			n.Draft = &named
		}
		out[i] = viewOf(n, kind, now, esc)
	}
	return out
}

// heading is a message's title: the nudge's own, or for several the count
// in the first one's language (a message merges one language only).
func heading(vs []view) string {
	if len(vs) == 1 {
		return vs[0].title
	}
	return fmt.Sprintf(vs[0].w.Many, len(vs))
}

// style is a platform's markup.
type style struct {
	bold    func(string) string
	link    func(text, url string) string
	mention func(string) string // "" = mentions go elsewhere
	quote   string              // before each field line: "> " or ""
	// hardBreaks ends each line with two spaces and puts a blank line
	// before the link: DingTalk shows a single "\n" as no break at all
	// (its documentation asks for two spaces around it), which would run
	// the fields together and pull the link into the quote.
	hardBreaks bool
}

// markdown is the body most platforms share: each note's title, customer,
// subject, waiting time, the excerpt (quoted, plain: WeCom has no
// italics), the link, then the mentions and the channel's keyword.
func markdown(vs []view, st style, mentions []string, keyword string) string {
	var b strings.Builder
	if len(vs) > 1 {
		b.WriteString(st.bold(heading(vs)) + "\n\n")
	}
	nl := "\n"
	if st.hardBreaks {
		nl = "  \n"
	}
	for i, v := range vs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(st.bold(v.title) + nl)
		if v.alert != "" {
			b.WriteString(v.alert + nl)
			continue
		}
		for _, l := range []string{v.test, v.cover} {
			if l != "" {
				b.WriteString(l + nl)
			}
		}
		sep := v.w.Colon
		fmt.Fprintf(&b, "%s%s%s%s"+nl+"%s%s%s%s"+nl+"%s%s%s%s"+nl, st.quote, v.w.Customer, sep, v.customer,
			st.quote, v.w.Subject, sep, v.subject, st.quote, v.w.Waiting, sep, v.waiting)
		if v.excerpt != "" {
			b.WriteString(st.quote + v.excerpt + nl)
		}
		for _, l := range v.lines {
			b.WriteString(st.quote + l + nl)
		}
		if v.link != "" {
			if st.hardBreaks {
				b.WriteString("\n") // out of the quote
			}
			b.WriteString(st.link(v.w.Open, v.link) + nl)
		}
	}
	var ms []string
	if st.mention != nil {
		for _, m := range mentions {
			ms = append(ms, st.mention(m))
		}
	}
	if len(ms) > 0 {
		b.WriteString("\n" + strings.Join(ms, " ") + "\n")
	}
	return withKeyword(b.String(), keyword)
}

// withKeyword ends text with the channel's keyword when it lacks it: a
// DingTalk or Feishu robot set to keywords refuses a message without one.
func withKeyword(text, keyword string) string {
	if keyword == "" || strings.Contains(text, keyword) {
		return text
	}
	return text + "\n" + keyword + "\n"
}

// mentionList is every note's mentions, each once, in order.
func mentionList(ns []keepwarm.ChatNote) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range ns {
		for _, m := range n.Mentions {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

func mentionsOf(ns []keepwarm.ChatNote) (ids, mobiles []string) {
	for _, m := range mentionList(ns) {
		if keepwarm.IsMobile(m) {
			mobiles = append(mobiles, m)
		} else {
			ids = append(ids, m)
		}
	}
	return ids, mobiles
}

func mdBold(s string) string          { return "**" + s + "**" }
func mdLink(text, u string) string    { return "[" + text + "](" + u + ")" }
func slackLink(text, u string) string { return "<" + u + "|" + text + ">" }
func plain(s string) string           { return s }
func plainLink(text, u string) string { return text + ": " + u }

// wecomBody is a WeCom robot message and the bytes of its content with
// their cap: markdown, with <@userid> mentions in the text; a mention by
// mobile needs a text message (markdown has no mobile mention), with
// mentioned_list and mentioned_mobile_list.
func (c *Channel) wecomBody(ns []keepwarm.ChatNote, now time.Time) (any, int, int) {
	ids, mobiles := mentionsOf(ns)
	if len(mobiles) == 0 {
		content := markdown(views(ns, c.Kind, now, mdSafe), style{bold: mdBold, link: mdLink, quote: "> ",
			mention: func(m string) string { return "<@" + m + ">" }}, mentionList(ns), c.Keyword)
		return map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": content}}, len(content), wecomMarkdownMax
	}
	text := strings.TrimSpace(markdown(views(ns, c.Kind, now, plainSafe), style{bold: plain, link: plainLink}, nil, c.Keyword))
	return map[string]any{"msgtype": "text", "text": map[string]any{
		"content": text, "mentioned_list": nonNil(ids), "mentioned_mobile_list": mobiles}}, len(text), wecomTextMax
}

// dingtalkBody is a DingTalk robot message: markdown with a title, and at
// (atMobiles, atUserIds) with each one written as @id in the text, which
// DingTalk needs to show the mention.
func (c *Channel) dingtalkBody(ns []keepwarm.ChatNote, now time.Time) any {
	ids, mobiles := mentionsOf(ns)
	vs := views(ns, c.Kind, now, mdSafe)
	return map[string]any{
		"msgtype": "markdown",
		"markdown": map[string]any{"title": heading(vs),
			"text": markdown(vs, style{bold: mdBold, link: mdLink, quote: "> ", hardBreaks: true, mention: func(m string) string { return "@" + m }}, mentionList(ns), c.Keyword)},
		"at": map[string]any{"atMobiles": nonNil(mobiles), "atUserIds": nonNil(ids), "isAtAll": false},
	}
}

// feishuBody is a Feishu robot post: a title, one paragraph per line, <at
// user_id="..."> elements for the mentions and a link element. A post's
// text elements are shown as written; addresses and mentions in them are
// still neutralised.
func (c *Channel) feishuBody(ns []keepwarm.ChatNote, now time.Time) map[string]any {
	text := func(s string) map[string]any { return map[string]any{"tag": "text", "text": s} }
	var content [][]map[string]any
	line := func(s string) { content = append(content, []map[string]any{text(s)}) }
	vs := views(ns, c.Kind, now, plainSafe)
	all := ""
	for i, v := range vs {
		if len(vs) > 1 {
			if i > 0 {
				line("")
			}
			line(v.title)
		}
		if v.alert != "" {
			line(v.alert)
			all += v.title + v.alert
			continue
		}
		for _, l := range []string{v.test, v.cover} {
			if l != "" {
				line(l)
			}
		}
		sep := v.w.Colon
		line(v.w.Customer + sep + v.customer)
		line(v.w.Subject + sep + v.subject)
		line(v.w.Waiting + sep + v.waiting)
		if v.excerpt != "" {
			line(v.excerpt)
		}
		for _, l := range v.lines {
			line(l)
		}
		if v.link != "" {
			content = append(content, []map[string]any{{"tag": "a", "text": v.w.Open, "href": v.link}})
		}
		all += v.title + v.customer + v.subject + v.excerpt
	}
	var ats []map[string]any
	for _, m := range mentionList(ns) {
		ats = append(ats, map[string]any{"tag": "at", "user_id": m})
	}
	if len(ats) > 0 {
		content = append(content, ats)
	}
	title := heading(vs)
	if c.Keyword != "" && !strings.Contains(title+all, c.Keyword) {
		line(c.Keyword)
	}
	return map[string]any{"msg_type": "post", "content": map[string]any{"post": map[string]any{
		"zh_cn": map[string]any{"title": title, "content": content}}}}
}

// slackBody is a Slack incoming-webhook message: a header block, a mrkdwn
// section per nudge with <@U...> mentions, and text as the notification's
// fallback.
func slackBody(ns []keepwarm.ChatNote, now time.Time) any {
	vs := views(ns, Slack, now, slackSafe)
	head := heading(views(ns, Slack, now, plainSafe))
	blocks := []map[string]any{{"type": "header", "text": map[string]any{"type": "plain_text", "text": keepwarm.Clip(head, 150)}}}
	for i, v := range vs {
		var b strings.Builder
		if len(vs) > 1 {
			b.WriteString("*" + v.title + "*\n")
		}
		if v.alert != "" {
			b.WriteString(v.alert + "\n")
			blocks = append(blocks, map[string]any{"type": "section", "text": mrkdwn(keepwarm.Clip(b.String(), 2900))})
			continue
		}
		for _, l := range []string{v.test, v.cover} {
			if l != "" {
				b.WriteString(l + "\n") // escaped already, by viewOf
			}
		}
		fmt.Fprintf(&b, "*%s:* %s\n*%s:* %s\n*%s:* %s\n", v.w.Customer, v.customer, v.w.Subject, v.subject, v.w.Waiting, v.waiting)
		if v.excerpt != "" {
			// Bounded, so the section's 3000 characters keep the link and
			// the mentions after it.
			b.WriteString("> " + keepwarm.Clip(v.excerpt, 1500) + "\n")
		}
		for _, l := range v.lines {
			b.WriteString(l + "\n")
		}
		if v.link != "" {
			b.WriteString(slackLink(v.w.Open, v.link) + "\n")
		}
		for j, m := range ns[i].Mentions {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString("<@" + m + ">")
		}
		blocks = append(blocks, map[string]any{"type": "section", "text": mrkdwn(keepwarm.Clip(b.String(), 2900))})
	}
	return map[string]any{"text": heading(vs), "blocks": blocks}
}

// mrkdwn is a Slack mrkdwn text, verbatim: Slack otherwise parses it
// first, making a customer's "www.example.com/pay" a link and "@channel"
// a mention, which slackSafe cannot prevent; keepwarm's own mentions and
// link are written out (<@U...>, <url|Open>) and work either way.
func mrkdwn(text string) map[string]any {
	return map[string]any{"type": "mrkdwn", "text": text, "verbatim": true}
}

// teamsBody is a Microsoft Teams webhook message (a Workflows "post to a
// channel when a webhook request is received" flow, or an incoming
// webhook): one Adaptive Card with the heading, for each nudge a FactSet
// of customer, subject and waiting time, the excerpt and an Action.OpenUrl
// to its page, then the mentions as <at> elements, each with its entity
// (the person's UPN or Microsoft Entra object id). Customer words go in
// TextBlocks and facts, which read markdown: made safe as WeCom's.
func teamsBody(ns []keepwarm.ChatNote, now time.Time) any {
	vs := views(ns, Teams, now, mdSafe)
	block := func(text string, more ...any) map[string]any {
		b := map[string]any{"type": "TextBlock", "text": text, "wrap": true}
		for i := 0; i+1 < len(more); i += 2 {
			b[more[i].(string)] = more[i+1]
		}
		return b
	}
	body := []map[string]any{block(heading(vs), "weight", "Bolder", "size", "Medium")}
	for _, v := range vs {
		if len(vs) > 1 {
			body = append(body, block(v.title, "weight", "Bolder", "separator", true))
		}
		if v.alert != "" {
			body = append(body, block(v.alert))
			continue
		}
		for _, l := range []string{v.test, v.cover} {
			if l != "" {
				body = append(body, block(l))
			}
		}
		body = append(body, map[string]any{"type": "FactSet", "facts": []map[string]any{
			{"title": v.w.Customer, "value": noListMark(v.customer)}, {"title": v.w.Subject, "value": noListMark(v.subject)}, {"title": v.w.Waiting, "value": v.waiting}}})
		if v.excerpt != "" {
			body = append(body, block(noListMark(keepwarm.Clip(v.excerpt, 1500)), "isSubtle", true))
		}
		for _, l := range v.lines {
			body = append(body, block(l))
		}
		if v.link != "" {
			body = append(body, map[string]any{"type": "ActionSet", "actions": []map[string]any{
				{"type": "Action.OpenUrl", "title": v.w.Open, "url": v.link}}})
		}
	}
	card := map[string]any{"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4"}
	if ms := mentionList(ns); len(ms) > 0 {
		var tags []string
		var entities []map[string]any
		for _, m := range ms {
			tag := "<at>" + m + "</at>"
			tags = append(tags, tag)
			entities = append(entities, map[string]any{"type": "mention", "text": tag, "mentioned": map[string]any{"id": m, "name": m}})
		}
		body = append(body, block(strings.Join(tags, " ")))
		card["msteams"] = map[string]any{"entities": entities}
	}
	card["body"] = body
	return map[string]any{"type": "message", "attachments": []map[string]any{
		{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card}}}
}

// listMark is a markdown list's mark at the start of a text: "- ",
// "+ ", "1. ", "2) ".
var listMark = regexp.MustCompile(`^(?:[-+]|[0-9]+[.)])(?:\s|$)`)

// noListMark keeps a customer's words that open a Teams TextBlock or fact
// ("1. 2000 pcs 60x60 2. CIF Hamburg", a subject "- URGENT -") from
// showing as an Adaptive Card list: a word joiner (U+2060, unseen) before
// the mark. On the other platforms a label stands before them.
func noListMark(s string) string {
	if listMark.MatchString(s) {
		return "\u2060" + s
	}
	return s
}

// WebhookPayload is what a generic webhook receives: Type
// "keepwarm.nudges", Version 1, the nudges as fields (Title, Customer and
// Waiting as of the post) and Text, the same in plain text.
type WebhookPayload struct {
	Type    string         `json:"type"`
	Version int            `json:"version"`
	Text    string         `json:"text"`
	Nudges  []WebhookNudge `json:"nudges"`
}

// WebhookNudge is one nudge of a WebhookPayload: the fields the README
// documents, and no more. keepwarm.ChatNote, stored with the outbox item,
// also carries what only keepwarm reads (the manager's copy for the mail
// fallback, the target as a Go duration): a receiver reading those would
// break when they change.
type WebhookNudge struct {
	Channel  string   `json:"channel"`
	Mentions []string `json:"mentions,omitempty"`
	Title    string   `json:"title"`
	Customer string   `json:"customer"`
	Subject  string   `json:"subject"`
	Waiting  string   `json:"waiting"`
	Excerpt  string   `json:"excerpt,omitempty"`
	Link     string   `json:"link,omitempty"`
	Urgent   bool     `json:"urgent"`
	// Unreadable: nothing of the customer's mail could be read (Excerpt
	// is then empty); Subject is "" for a mail without one.
	Unreadable bool      `json:"unreadable,omitempty"`
	Lang       string    `json:"lang,omitempty"`
	Since      time.Time `json:"since,omitzero"`
	// TargetSeconds is the message's reply target (0: none).
	TargetSeconds int64 `json:"target_seconds,omitempty"`
	// Target is the same in nanoseconds, as builds before target_seconds
	// sent it (a Go time.Duration), kept for one release so a receiver
	// reading it goes on working; the README marks it deprecated.
	Target    int64               `json:"target,omitempty"`
	Name      string              `json:"name,omitempty"`
	Company   string              `json:"company,omitempty"`
	Contact   string              `json:"contact,omitempty"`
	Cover     *keepwarm.ChatCover `json:"cover,omitempty"`
	Nudged    string              `json:"nudged,omitempty"`
	NudgedFor string              `json:"nudged_for,omitempty"`
	Test      bool                `json:"test,omitempty"`
	// Alert is set on a word about keepwarm itself (mail from [notify]
	// failing), which has no customer's fields.
	Alert string `json:"alert,omitempty"`
}

func webhookBody(ns []keepwarm.ChatNote, now time.Time) any {
	plainText := markdown(views(ns, Webhook, now, plainSafe), style{bold: plain, link: plainLink,
		mention: func(m string) string { return "@" + m }}, mentionList(ns), "")
	out := make([]WebhookNudge, len(ns))
	for i, n := range ns {
		v := viewOf(n, Webhook, now, plain)
		out[i] = WebhookNudge{Channel: n.Channel, Mentions: n.Mentions, Title: v.title, Customer: v.customer,
			Subject: n.Subject, Waiting: v.waiting, Excerpt: n.Excerpt, Link: n.Link, Urgent: n.Urgent, Unreadable: n.Unreadable, Lang: n.Lang,
			Since: n.Since, TargetSeconds: int64(n.Target / time.Second), Target: int64(n.Target), Name: n.Name, Company: n.Company,
			Contact: n.Contact, Cover: n.Cover, Nudged: n.Nudged, NudgedFor: n.NudgedFor, Test: n.Test, Alert: n.Alert}
	}
	return WebhookPayload{Type: "keepwarm.nudges", Version: 1, Text: plainText, Nudges: out}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
