package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"keepwarm"
)

// speaks sets lang on the [[salesperson]] entry of email.
func speaks(email, lang string) func(string) string {
	return func(cfg string) string {
		entry := "[[salesperson]]\nemail = \"" + email + "\"\n"
		return strings.Replace(cfg, entry, entry+"lang = \""+lang+"\"\n", 1)
	}
}

// sentDigest is a delivered digest's raw header block, decoded subject and
// decoded text and HTML parts.
type sentDigest struct {
	header, subject, text, html string
}

func readSent(t *testing.T, raw []byte) sentDigest {
	t.Helper()
	var d sentDigest
	if i := bytes.Index(raw, []byte("\r\n\r\n")); i > 0 {
		d.header = string(raw[:i])
	}
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if d.subject, err = new(mime.WordDecoder).DecodeHeader(r.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			d.text = strings.ReplaceAll(string(body), "\r\n", "\n")
		case "text/html":
			d.html = string(body)
		}
	}
	return d
}

// digestEnglish are the English labels a digest lays its lines out with:
// none is left in a Chinese one (the customer's own words, a task's
// title, a server's error stay as they are).
var digestEnglish = []string{
	"keepwarm digest", "Good morning", "here is your", "Unanswered", "UNANSWERED", "Oldest first", "waiting 2", "since",
	"REPLY TIMES", "Target", "customer email", "answered", "within target", "breach", "median", "p90",
	"CALLS DUE", "(due", "After each call", "(task", "SEQUENCES ENDED", "step(s)", "ended", "decide what next",
	"REVIEWS DUE", "By grade", "RETURNING", "returning in", "deadline", "pool",
	"BOUNCED", "bounced", "SENDS TO CHECK", "from mailbox", "(outbox", "The link broke",
	"CHAT NUDGES", "Reply due", "team chat", ": failed", "daily digest", "Empty sections",
	"Mon ", "Tue ", " Nov", "November",
}

// TestDigestInChinese: Lily's lang is "zh", so the digest delivered to her
// over SMTP is in Chinese: an RFC 2047 subject with the day and counts,
// the greeting, section titles, notes, lines, dates and footer, in both
// parts, with no English label left; the customer's words are as they
// were. `keepwarm digest` previews it as it goes; Tom's stays English.
func TestDigestInChinese(t *testing.T) {
	r := newDigestRig(t, "", speaks("lily@acme-export.com", "zh"))
	r.seedLily()
	tue := t0.Add(24*time.Hour - 30*time.Minute) // Tuesday 08:30 in Shanghai
	r.tickAt(tue, r.m.app.NewDigests(nil, nil))
	mails := r.smtp.Messages()
	if len(mails) != 1 || strings.Join(mails[0].To, ",") != "lily@acme-export.com" {
		t.Fatalf("%d digest mails, want Lily's", len(mails))
	}
	got := readSent(t, mails[0].Raw)
	const subject = "keepwarm 日报 11月3日 周二：1 封待回复，1 个电话，1 个待复查，1 个客户即将退回公海，1 个退信，1 封待核实，1 条聊天提醒未送达"
	if got.subject != subject {
		t.Errorf("subject %q, want %q", got.subject, subject)
	}
	for _, line := range strings.Split(strings.ReplaceAll(got.header, "\r\n ", " "), "\r\n") {
		if strings.HasPrefix(line, "Subject:") && !strings.HasPrefix(line, "Subject: =?") {
			t.Errorf("the subject is not RFC 2047 encoded: %q", line)
		}
	}
	for _, c := range got.header {
		if c > 0x7e {
			t.Fatalf("raw 8-bit text in the header:\n%s", got.header)
		}
	}
	for _, want := range []string{
		"Lily，早上好！这是你 2026年11月3日（周二）的 keepwarm 日报。",
		"待回复的客户邮件（1）\n==================", "最早的在前。",
		"- globex.de <hans@globex.de>：“Samples please”，已等 21 小时 30 分钟（11月2日 周一 11:00 起）",
		"回复用时（11月2日 周一 起）", "回复时限 10 分钟。",
		"客户邮件 2 封，已回复 1 封，按时回复 1 封（50%），超时 1 封，中位 6 分钟，90 分位 6 分钟",
		"今天要打的电话（1）", "globex.de：Phone Hans Meier: no answer to two mails（11月3日 周二 09:00 到期）",
		"跟进已走完仍无回复（1）", "globex.de：key-customer，共 3 步，11月2日 周一 13:00 结束",
		"待复查的客户（1）", "A 级（1）：globex.de",
		"即将退回公海的客户（1）", "initech.com：2 天后退回公海（期限 11月4日 周三 09:00）",
		"需要修正的退信地址（1）", "old@globex.de（globex.de），11月2日 周一 12:00 退信",
		"需要核实的发送（1）", "“Price list 2027”，发给 hans@globex.de，邮箱 lily",
		"未送达的聊天提醒（1）", "待回复：Hans Meier 已等 5 分钟 — Inquiry LED panels，发往 wecom：失败（channel wecom: refused",
		"\n-- \nkeepwarm 日报。没有内容的栏目不显示。",
	} {
		if !strings.Contains(got.text, want) {
			t.Errorf("the text part lacks %q:\n%s", want, got.text)
		}
	}
	for _, part := range []struct{ name, body string }{{"text", got.text}, {"html", got.html}} {
		for _, en := range digestEnglish {
			if strings.Contains(part.body, en) {
				t.Errorf("English %q left in the %s part:\n%s", en, part.name, part.body)
			}
		}
	}
	for _, want := range []string{`<html lang="zh">`, "<title>" + subject + "</title>", ">待回复的客户邮件（1）</h2>",
		"Lily，早上好！", "&#34;客户的原话&#34;", "“Samples please”"} {
		if !strings.Contains(got.html, want) {
			t.Errorf("the html part lacks %q:\n%s", want, got.html)
		}
	}

	c := newCLI(t, r.path, r.env)
	now := tue.Format(time.RFC3339)
	out := c.mustRun("--now", now, "digest")
	if !strings.Contains(out, "To: lily@acme-export.com\nSubject: "+subject+"\n\nLily，早上好！") ||
		!strings.Contains(out, "To: tom@acme-export.com\nSubject: keepwarm digest Tue 3 Nov\n") {
		t.Errorf("digest preview:\n%s", out)
	}
	var js struct {
		Lang string `json:"lang"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com", "--format", "json")), &js); err != nil || js.Lang != "zh" {
		t.Errorf("json: lang %q, %v", js.Lang, err)
	}
	if h := c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com", "--format", "html"); !strings.Contains(h, ">待回复的客户邮件（1）</h2>") {
		t.Errorf("html preview:\n%s", h)
	}
}

// TestBackupReadsTheDigestInTheirLanguage: Tom (lang "zh") covers for Lily
// (no lang) while she is away: her digest reaches him in Chinese, saying
// whose it is; her own language would have been English.
func TestBackupReadsTheDigestInTheirLanguage(t *testing.T) {
	r := newDigestRig(t, "", speaks("tom@acme-export.com", "zh"))
	r.seedLily()
	lily, tom := "lily@acme-export.com", "tom@acme-export.com"
	_, err := r.m.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, Backup: tom, From: t0, Until: t0.Add(72 * time.Hour)},
		"boss@acme-export.com", t0)
	r.must(err)
	r.tickAt(t0.Add(24*time.Hour), r.m.app.NewDigests(nil, nil))
	mails := r.smtp.Messages()
	if len(mails) != 1 || strings.Join(mails[0].To, ",") != tom {
		t.Fatalf("%d digest mails, want Lily's to Tom", len(mails))
	}
	got := readSent(t, mails[0].Raw)
	if !strings.HasPrefix(got.subject, "[代 "+lily+" 跟进] keepwarm 日报 11月3日 周二：1 封待回复") {
		t.Errorf("subject %q", got.subject)
	}
	// Her absence ends at 09:00 on 5 November in her zone (Shanghai), not
	// at 01:00 (UTC, the clock's zone).
	if !strings.HasPrefix(got.text, "Lily Chen 休假至 2026-11-05 09:00，由你代为跟进。\n\nTom，早上好！这是 Lily Chen 2026年11月3日（周二）的 keepwarm 日报。") ||
		strings.Contains(got.text, "covering") || strings.Contains(got.text, "UNANSWERED") {
		t.Errorf("the backup's digest:\n%s", got.text)
	}
}
