package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// From the digest Lily taps a waiting mail's link: its page says it waits
// for her answer, for how long against its target, late once past it, and
// has "No answer needed"; marked, the page says by whom with an Undo.
// In Chinese too.
func TestMessagePageSaysWhetherTheMailWaits(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	page := path("/messages/%d", w.waitingMsg)

	_, body := c.get(page)
	clock := cut(t, body, `id="reply-clock"`, "</div>")
	mustContain(t, "the waiting mail's page", clock, "Waiting for your answer", ">7m 00s<", "target 10m",
		path(`action="/messages/%d/no-answer"`, w.waitingMsg), path(`name="back" value="/messages/%d"`, w.waitingMsg), "No answer needed")
	mustLack(t, "the waiting mail's page", clock, "past the target")

	w.clock.Advance(5 * time.Minute)
	_, body = c.get(page)
	mustContain(t, "the late mail's page", cut(t, body, `id="reply-clock"`, "</div>"), `<p class="wait late">`, "past the target")
	zh := cut(t, c.getZh(t, page), `id="reply-clock"`, "</div>")
	mustContain(t, "the Chinese page", zh, "等待回复的客户邮件", "已超过目标时间", "无需回复")

	code, loc := c.do(page, path("/messages/%d/no-answer", w.waitingMsg), url.Values{"back": {page}})
	if code != http.StatusSeeOther || loc != page {
		t.Fatalf("No answer needed: %d %s", code, loc)
	}
	_, body = c.get(page)
	clock = cut(t, body, `id="reply-clock"`, "</div>")
	mustContain(t, "the marked mail's page", clock, html.EscapeString("Marked “no answer needed” by Lily Chen"),
		path(`action="/messages/%d/no-answer/undo"`, w.waitingMsg))
	mustLack(t, "the marked mail's page", clock, "Waiting for your answer", path(`action="/messages/%d/no-answer"`, w.waitingMsg))

	// Our own mail has no clock.
	_, body = c.get(path("/messages/%d", w.idOf("q-1@seller.example")))
	mustLack(t, "our quotation's page", body, `id="reply-clock"`)
}

// From the digest Lily taps a call's link, the customer's page: the call
// is there with the desk's Done ("Why quiet?", "What did they say?"), and
// Done brings her back to the page with the call closed. The manager has
// the form too.
func TestCustomerPageListsItsOpenCalls(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	page := path("/customers/%d", w.acme)

	_, body := c.get(page)
	calls := cut(t, body, `id="calls"`, "</section>")
	mustContain(t, "Acme's calls", calls, "Phone Bob about the sample", path(`id="task-%d"`, w.task), path(`action="/tasks/%d/done"`, w.task),
		path(`name="back" value="/customers/%d"`, w.acme), `name="reason"`, `name="outcome"`, path(`id="quiet-hint-%d"`, w.task))
	zh := cut(t, c.getZh(t, page), `id="calls"`, "</section>")
	mustContain(t, "Acme's calls in Chinese", zh, "电话任务", "为何没回音？")

	_, mgr := w.signIn(srv, mei).get(page)
	mustContain(t, "the manager's view of Acme", mgr, path(`action="/tasks/%d/done"`, w.task))

	code, loc := c.do(page, path("/tasks/%d/done", w.task), url.Values{"back": {page}, "outcome": {"call back Friday"}})
	if code != http.StatusSeeOther || loc != page {
		t.Fatalf("Done: %d %s", code, loc)
	}
	_, body = c.get(page)
	mustLack(t, "Acme's page after Done", body, `id="calls"`)
	mustContain(t, "Acme's page after Done", body, "call: call back Friday")
}

// Lily answered Bob's "Samples?" from her phone, which keeps no Sent copy;
// Bob's next mail answers that mail (an id keepwarm never saw, after his
// own in References, To Lily). The page of his first mail says it was
// answered by mail keepwarm did not see, when not known, instead of
// "Waiting for your answer" and a clock past the target. In Chinese too.
func TestMessagePageSaysAnsweredByMailNotSeen(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.save("lily", "INBOX", msg("samples-1@acme.com", keepwarm.KindInbound, "Samples?", "bob@acme.com", "Bob Stone", now0.Add(-40*time.Minute)))
	next := msg("samples-2@acme.com", keepwarm.KindInbound, "Re: Samples?", "bob@acme.com", "Bob Stone", now0.Add(-5*time.Minute))
	next.InReplyTo, next.References = []string{"x1@mobile.example"}, []string{"samples-1@acme.com", "x1@mobile.example"}
	w.save("lily", "INBOX", next)
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	page := path("/messages/%d", w.idOf("samples-1@acme.com"))
	_, body := c.get(page)
	clock := cut(t, body, `id="reply-clock"`, "</div>")
	mustContain(t, "the page of the mail answered unseen", clock, "Answered by a mail keepwarm did not see", "the customer has since replied to it")
	mustLack(t, "the page of the mail answered unseen", clock, "Waiting for your answer", "past the target")
	mustContain(t, "the Chinese page", cut(t, c.getZh(t, page), `id="reply-clock"`, "</div>"), "已由 keepwarm 未见到的邮件回复")
}
