package sequences_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// body is a sent mail's plain text, decoded, with plain line ends.
func body(t *testing.T, raw []byte) string {
	t.Helper()
	return strings.ReplaceAll(decodedText(t, string(raw)), "\r\n", "\n")
}

// TestNudgeMailInChinese: Lily's lang is "zh", so the nudge mail she gets
// through the notify SMTP server is in Chinese: the subject's title, the
// body's labels and sentences, the time as ever; the target nudge says the
// target passed, in the first one's thread. Her manager gets a copy of
// their own, in the manager's language, saying who was nudged.
func TestNudgeMailInChinese(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := newWorld(t, srv, true, func(_ *world, c *sequences.ReplyConfig) {
			c.Langs = map[string]string{lilyUser: "zh"}
		})
		w.deliver(lilyUser, "INBOX", ask("zh-q@globex.de", lilyUser, "Quotation for 40HQ"), t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		w.tickAt(t0.Add(10 * time.Minute))
		got := w.nudges()
		if len(got) != 3 {
			t.Fatalf("%d nudge mails, want 2 and the manager's copy", len(got))
		}
		if got[1].To[0] != lilyUser {
			got[1], got[2] = got[2], got[1]
		}
		if copyText := body(t, got[2].Raw); len(got[2].To) != 1 || got[2].To[0] != boss ||
			!strings.HasPrefix(copyText, "Copy for the manager: "+lilyUser+" was nudged about this customer email.\n\nThis customer email has passed its 10 min reply target") {
			t.Errorf("the manager's copy to %v:\n%s", got[2].To, copyText)
		}
		if subj := decodedSubject(t, string(got[0].Raw)); subj != "待回复：Hans Meier 已等 5 分钟 — Quotation for 40HQ" {
			t.Errorf("first nudge's subject %q", subj)
		}
		text := body(t, got[0].Raw)
		for _, want := range []string{
			"这封客户邮件在等回复（回复时限 10 分钟）。\n\n客户：Hans Meier <hans@globex.de>\n主题：Quotation for 40HQ\n" +
				"收到：Mon 2026-11-02 09:00 (Asia/Shanghai, UTC+08:00)，邮箱 \"lily\"\n已等：5 分钟\n打开：https://kw.example/messages/",
			"> Please quote 2000 pcs",
			"如果答复需要查资料，请先回一封简短的“已收到，正在处理”。",
			"keepwarm 回复提醒（会话 ",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("first nudge lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "Customer") || strings.Contains(text, "Waiting") || strings.Contains(text, "research") {
			t.Errorf("English in the Chinese nudge:\n%s", text)
		}
		if slices.Contains(got[1].To, boss) || header(got[1].Raw, "Cc") != "" {
			t.Errorf("target nudge to %v, Cc %q: the manager has a copy of their own", got[1].To, header(got[1].Raw, "Cc"))
		}
		if subj := decodedSubject(t, string(got[1].Raw)); subj != "Re: 待回复：Hans Meier 已等 5 分钟 — Quotation for 40HQ" {
			t.Errorf("target nudge's subject %q", subj)
		}
		if text := body(t, got[1].Raw); !strings.HasPrefix(text, "这封客户邮件已超过 10 分钟的回复时限，仍未回复。") ||
			!strings.Contains(text, "已等：10 分钟") {
			t.Errorf("target nudge:\n%s", text)
		}
	})
}

// TestBackupsNudgeMailInChinese: Tom covers for Lily (away to Tuesday 3
// November) and reads Chinese: his nudge mail opens with whose customer it
// is and her last day away, in chat's words, and the subject's title is
// "待回复". Lily's own language ("en") does not decide Tom's mail.
func TestBackupsNudgeMailInChinese(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		w := lilyAwayWorld(t, srv, func(w *world, c *sequences.ReplyConfig) {
			c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
			c.Langs = map[string]string{tomUser: "zh", lilyUser: "en"}
		})
		q := ask("zh-away@globex.de", lilyUser, "询价：2000 件 LED 面板")
		q.From = "王建国 <wang@hongda.cn>"
		w.deliver(lilyUser, "INBOX", q, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
		got := w.nudges()
		if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != tomUser {
			t.Fatalf("nudges: %+v", got)
		}
		if subj := decodedSubject(t, string(got[0].Raw)); subj != "待回复：王建国 已等 5 分钟 — 询价：2000 件 LED 面板" {
			t.Errorf("subject %q", subj)
		}
		if text := body(t, got[0].Raw); !strings.HasPrefix(text, "Lily Chen 休假至 2026-11-03，由你代为跟进。\n\n这封客户邮件在等回复") ||
			strings.Contains(text, "covering") || strings.Contains(text, "config") {
			t.Errorf("the backup's nudge:\n%s", text)
		}
	})
}

// lilyAwayWorld is a world where Lily is away from 1 to 3 November
// (whole days in the config, Asia/Shanghai) and Tom covers for her;
// configure sets the rest.
func lilyAwayWorld(t *testing.T, srv mailtest.Server, configure func(w *world, c *sequences.ReplyConfig)) *world {
	t.Helper()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	away := keepwarm.Absence{Person: lilyUser, Backup: tomUser, Source: keepwarm.AwayConfig,
		From: time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai), Until: time.Date(2026, 11, 4, 0, 0, 0, 0, shanghai)}
	return newWorld(t, srv, false, func(w *world, c *sequences.ReplyConfig) {
		c.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{away},
			Salespeople: map[string]bool{lilyUser: true, tomUser: true}, People: c.People, MailboxOwners: c.MailboxOwners,
			Backups: map[string]string{lilyUser: tomUser}, Manager: boss}, w.db)
		configure(w, c)
	})
}
