package chat

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"keepwarm"
)

// message is one HTTP post: where, what, with which extra headers.
type message struct {
	url    string
	body   []byte
	header map[string]string
}

// render lays notes out as one message of the channel's kind, signed at now.
func (c *Channel) render(ns []keepwarm.ChatNote, now time.Time) (message, error) {
	var v any
	u := c.URL
	hdr := map[string]string{}
	switch c.Kind {
	case WeCom:
		v = wecomBody(ns)
	case DingTalk:
		v = dingtalkBody(ns)
		if c.Secret != "" {
			ts, sign := DingTalkSign(c.Secret, now)
			q := "timestamp=" + ts + "&sign=" + url.QueryEscape(sign)
			if strings.Contains(u, "?") {
				u += "&" + q
			} else {
				u += "?" + q
			}
		}
	case Feishu:
		b := feishuBody(ns)
		if c.Secret != "" {
			b["timestamp"], b["sign"] = FeishuSign(c.Secret, now)
		}
		v = b
	case Slack:
		v = slackBody(ns)
	case Webhook:
		v = webhookBody(ns)
	default:
		return message{}, fmt.Errorf("chat: channel %s: unknown kind %q", c.Name, c.Kind)
	}
	body, err := json.Marshal(v)
	if err != nil {
		return message{}, fmt.Errorf("chat: channel %s: %w", c.Name, err)
	}
	if c.Kind == Webhook && c.Secret != "" {
		ts := strconv.FormatInt(now.Unix(), 10)
		hdr["X-Keepwarm-Timestamp"] = ts
		hdr["X-Keepwarm-Signature"] = "sha256=" + WebhookSign(c.Secret, ts, body)
	}
	return message{url: u, body: body, header: hdr}, nil
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

// safe keeps a customer's words from becoming markup or a mention: angle
// brackets (WeCom's <@id>, Slack's <!channel>) turn into look-alikes, and
// line breaks into spaces.
func safe(s string) string {
	return strings.NewReplacer("<", "‹", ">", "›", "\r", " ", "\n", " ").Replace(s)
}

// excerptLines are the non-empty lines of a quoted excerpt, without the
// quote marks.
func excerptLines(ex string) []string {
	var out []string
	for _, l := range strings.Split(ex, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "> ")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func heading(ns []keepwarm.ChatNote) string {
	if len(ns) == 1 {
		return ns[0].Title
	}
	return fmt.Sprintf("%d customer emails waiting for an answer", len(ns))
}

// markdown is the body most platforms share: each note's title, customer,
// subject, waiting time, first lines and link, in the platform's markdown.
// mention renders one @-mention.
func markdown(ns []keepwarm.ChatNote, bold func(string) string, link func(text, url string) string, mention func(string) string) string {
	var b strings.Builder
	if len(ns) > 1 {
		b.WriteString(bold(heading(ns)) + "\n\n")
	}
	seen := map[string]bool{}
	var mentions []string
	for i, n := range ns {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(bold(safe(n.Title)) + "\n")
		fmt.Fprintf(&b, "> Customer: %s\n> Subject: %s\n> Waiting: %s\n", safe(n.Customer), safe(n.Subject), safe(n.Waiting))
		for _, l := range excerptLines(n.Excerpt) {
			b.WriteString("> _" + safe(l) + "_\n")
		}
		if n.Link != "" {
			b.WriteString(link("Open in keepwarm", n.Link) + "\n")
		}
		for _, m := range n.Mentions {
			if !seen[m] {
				seen[m] = true
				mentions = append(mentions, m)
			}
		}
	}
	if len(mentions) > 0 {
		b.WriteString("\n")
		for i, m := range mentions {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(mention(m))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func mentionsOf(ns []keepwarm.ChatNote) (ids, mobiles []string) {
	seen := map[string]bool{}
	for _, n := range ns {
		for _, m := range n.Mentions {
			if seen[m] {
				continue
			}
			seen[m] = true
			if keepwarm.IsMobile(m) {
				mobiles = append(mobiles, m)
			} else {
				ids = append(ids, m)
			}
		}
	}
	return ids, mobiles
}

func mdBold(s string) string          { return "**" + s + "**" }
func mdLink(text, u string) string    { return "[" + text + "](" + u + ")" }
func slackLink(text, u string) string { return "<" + u + "|" + text + ">" }

// wecomBody is a WeCom robot message: markdown, with <@userid> mentions
// in the text; a mention by mobile needs a text message (markdown has no
// mobile mention), with mentioned_list and mentioned_mobile_list.
func wecomBody(ns []keepwarm.ChatNote) any {
	ids, mobiles := mentionsOf(ns)
	if len(mobiles) == 0 {
		return map[string]any{"msgtype": "markdown", "markdown": map[string]any{
			"content": markdown(ns, mdBold, mdLink, func(m string) string { return "<@" + m + ">" })}}
	}
	text := markdown(ns, func(s string) string { return s }, func(t, u string) string { return t + ": " + u }, func(string) string { return "" })
	return map[string]any{"msgtype": "text", "text": map[string]any{
		"content": strings.TrimSpace(text), "mentioned_list": nonNil(ids), "mentioned_mobile_list": mobiles}}
}

// dingtalkBody is a DingTalk robot message: markdown with a title, and at
// (atMobiles, atUserIds) with each one written as @id in the text, which
// DingTalk needs to show the mention.
func dingtalkBody(ns []keepwarm.ChatNote) any {
	ids, mobiles := mentionsOf(ns)
	return map[string]any{
		"msgtype": "markdown",
		"markdown": map[string]any{"title": safe(heading(ns)),
			"text": markdown(ns, mdBold, mdLink, func(m string) string { return "@" + m })},
		"at": map[string]any{"atMobiles": nonNil(mobiles), "atUserIds": nonNil(ids), "isAtAll": false},
	}
}

// feishuBody is a Feishu robot post: a title, one paragraph per line, <at
// user_id="..."> elements for the mentions and a link element.
func feishuBody(ns []keepwarm.ChatNote) map[string]any {
	text := func(s string) map[string]any { return map[string]any{"tag": "text", "text": s} }
	var content [][]map[string]any
	seen := map[string]bool{}
	var ats []map[string]any
	for i, n := range ns {
		if len(ns) > 1 {
			if i > 0 {
				content = append(content, []map[string]any{text("")})
			}
			content = append(content, []map[string]any{text(n.Title)})
		}
		content = append(content,
			[]map[string]any{text("Customer: " + n.Customer)},
			[]map[string]any{text("Subject: " + n.Subject)},
			[]map[string]any{text("Waiting: " + n.Waiting)})
		for _, l := range excerptLines(n.Excerpt) {
			content = append(content, []map[string]any{text(l)})
		}
		if n.Link != "" {
			content = append(content, []map[string]any{{"tag": "a", "text": "Open in keepwarm", "href": n.Link}})
		}
		for _, m := range n.Mentions {
			if !seen[m] {
				seen[m] = true
				ats = append(ats, map[string]any{"tag": "at", "user_id": m})
			}
		}
	}
	if len(ats) > 0 {
		content = append(content, ats)
	}
	return map[string]any{"msg_type": "post", "content": map[string]any{"post": map[string]any{
		"zh_cn": map[string]any{"title": heading(ns), "content": content}}}}
}

// slackBody is a Slack incoming-webhook message: a header block, a mrkdwn
// section per nudge with <@U...> mentions, and text as the notification's
// fallback.
func slackBody(ns []keepwarm.ChatNote) any {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	blocks := []map[string]any{{"type": "header", "text": map[string]any{"type": "plain_text", "text": keepwarm.Clip(heading(ns), 150)}}}
	for _, n := range ns {
		var b strings.Builder
		if len(ns) > 1 {
			b.WriteString("*" + esc.Replace(n.Title) + "*\n")
		}
		fmt.Fprintf(&b, "*Customer:* %s\n*Subject:* %s\n*Waiting:* %s\n", esc.Replace(n.Customer), esc.Replace(n.Subject), esc.Replace(n.Waiting))
		for _, l := range excerptLines(n.Excerpt) {
			b.WriteString("> " + esc.Replace(l) + "\n")
		}
		if n.Link != "" {
			b.WriteString(slackLink("Open in keepwarm", n.Link) + "\n")
		}
		for i, m := range n.Mentions {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString("<@" + m + ">")
		}
		blocks = append(blocks, map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": keepwarm.Clip(b.String(), 2900)}})
	}
	return map[string]any{"text": heading(ns), "blocks": blocks}
}

// WebhookPayload is what a generic webhook receives: Type
// "keepwarm.nudges", Version 1, the nudges as fields and Text, the same in
// plain text.
type WebhookPayload struct {
	Type    string              `json:"type"`
	Version int                 `json:"version"`
	Text    string              `json:"text"`
	Nudges  []keepwarm.ChatNote `json:"nudges"`
}

func webhookBody(ns []keepwarm.ChatNote) any {
	plain := markdown(ns, func(s string) string { return s }, func(t, u string) string { return t + ": " + u }, func(m string) string { return "@" + m })
	return WebhookPayload{Type: "keepwarm.nudges", Version: 1, Text: plain, Nudges: ns}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
