package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// On the Chinese desk a follow-up a failed send stopped reads in Chinese
// under "Sends that need you", the mail server's words kept; the
// customer's page says the same.
func TestFailedFollowUpReasonInChineseOnTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	const reason = "step 2 could not be sent: 550 5.1.1 <hans@buyer.de>: user unknown; fix the cause, then resume or stop"
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'failed', step = 1, reason = ? WHERE id = ?`, reason, w.enrollment); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	trouble := cut(t, c.getZh(t, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the Chinese desk's failed sends", trouble, "Meier GmbH",
		html.EscapeString("第 2 步发送失败：550 5.1.1 <hans@buyer.de>: user unknown；请先排除原因，再恢复或停止这个跟进。"))
	mustLack(t, "the Chinese desk's failed sends", trouble, "could not be sent", "fix the cause")
	page := cut(t, c.getZh(t, path("/customers/%d", w.meier)), `id="enrollments"`, "</section>")
	mustContain(t, "the Chinese customer page's follow-ups", page, "第 2 步发送失败")
	// In English it is as the engine wrote it.
	_, desk := c.get("/")
	mustContain(t, "the desk's failed sends", cut(t, desk, `id="trouble"`, "</section>"), html.EscapeString(reason))
}

// On a customer's page a message that is neither ours nor the customer's
// own words is labelled by what it is, in the page's language, not "from
// the customer": an automatic reply, a bounce, a calendar's answer to a
// meeting invitation (not a mail system's notice).
func TestMessageKindsLabelledByWhatTheyAre(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.save("lily", "INBOX", msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Quotation LED panels", "hans@buyer.de", "Hans Meier", now0.Add(-71*time.Hour)))
	w.save("lily", "INBOX", msg("dsn-1@buyer.de", keepwarm.KindBounce, "Quotation LED panels", "hans@buyer.de", "Mail Delivery System", now0.Add(-70*time.Hour)))
	meeting := msg("acc-1@buyer.de", keepwarm.KindNotice, "Accepted: Video call", "hans@buyer.de", "Hans Meier", now0.Add(-69*time.Hour))
	meeting.CalendarReply = true
	w.save("lily", "INBOX", meeting)
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, en := c.get(path("/customers/%d", w.meier))
	threads := cut(t, en, `id="threads"`, "</section>")
	mustContain(t, "the conversations", threads, "→ from us", "automatic reply · Hans Meier", "bounce: the mail was not delivered · Mail Delivery System",
		"meeting answer from a calendar · Hans Meier")
	mustLack(t, "the conversations", threads, "from the customer", "auto_reply", "mail system notice")
	zh := cut(t, c.getZh(t, path("/customers/%d", w.meier)), `id="threads"`, "</section>")
	mustContain(t, "the Chinese conversations", zh, "→ 我方发出", "自动回复 · Hans Meier", "退信：邮件未送达 · Mail Delivery System",
		"日历发出的会议答复 · Hans Meier")
	mustLack(t, "the Chinese conversations", zh, "客户来信", "auto_reply", "bounce", "邮件系统通知")
}

// A "Why quiet?" value the server does not know (a page left open across
// an upgrade that renamed a reason) is refused with a notice page, in the
// page's language, whose reason the desk shows beside the button keeping
// the typed note; the call stays open.
func TestUnknownQuietReasonIsANotice(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	form := url.Values{"reason": {"holiday"}, "outcome": {"Bob is back on Monday"}}
	code, body := c.do("/", path("/tasks/%d/done", w.task), form)
	if code != http.StatusBadRequest {
		t.Fatalf("POST done with an unknown reason: %d %s", code, body)
	}
	mustContain(t, "the refusal", body, `<section class="card notice"><p>`,
		html.EscapeString(`“Why quiet?” has a choice this version does not know ("holiday"); it offers mail not received, doubts about us, `),
		html.EscapeString(", comparing suppliers, plans changed, they answered on the call: reload the page and choose again."))
	mustLack(t, "the refusal", body, "no reason")
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, body = c.do("/", path("/tasks/%d/done", w.task), form)
	mustContain(t, "the Chinese refusal", body, `<section class="card notice"><p>`,
		html.EscapeString(`“为何没回音？”的选项 "holiday" 在当前版本中不存在（现有：`), "、", "：请刷新页面后重新选择。")
	mustLack(t, "the Chinese refusal", body, "comparing suppliers")
	if n := w.count(`SELECT count(*) FROM tasks WHERE id = ? AND done_at IS NULL`, w.task); n != 1 {
		t.Fatal("the call was closed")
	}
}
