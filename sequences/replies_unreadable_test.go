package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// unreadableAsk is a customer's inquiry nothing of whose text can be read
// (its base64 is broken): stored flagged, with no text.
func unreadableAsk(id, to string, at time.Time) []byte {
	return []byte("From: Hans Meier <hans@globex.de>\r\nTo: " + to + "\r\nSubject: Inquiry LED panels\r\nDate: " +
		at.Format(time.RFC1123Z) + "\r\nMessage-ID: <" + id + ">\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n!!!!****\r\n")
}

// A customer's mail nothing of which could be read is nudged saying so,
// "open it in your mail client", and gets no "received" draft: the draft
// answered blind what might be an automatic answer or a bounce, and the
// nudge quoted nothing and said nothing of why.
func TestNudgeOfUnreadableMailSaysToOpenIt(t *testing.T) {
	w := ackWorld(t, mailtest.NewMemServer(t))
	w.srv.Append(t, lilyUser, "INBOX", unreadableAsk("u1@globex.de", lilyUser, t0), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	got := w.nudges()
	if len(got) != 1 {
		t.Fatalf("%d nudge mails, want 1", len(got))
	}
	if text := body(t, got[0].Raw); !strings.Contains(text, "keepwarm could not read this email: open it in your mail client to see what it says") {
		t.Errorf("the nudge does not say the mail could not be read:\n%s", text)
	}
	if raws, _ := draftsOf(t, w.srv, lilyUser); len(raws) != 0 {
		t.Errorf("%d \"received\" drafts for mail nothing of which was read, want none:\n%s", len(raws), raws[0])
	}
}

// The same in Chinese for a salesperson whose lang is "zh".
func TestNudgeOfUnreadableMailSaysToOpenItInChinese(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Langs = map[string]string{lilyUser: "zh"}
	})
	w.srv.Append(t, lilyUser, "INBOX", unreadableAsk("u1@globex.de", lilyUser, t0), t0)
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))
	got := w.nudges()
	if len(got) != 1 {
		t.Fatalf("%d nudge mails, want 1", len(got))
	}
	if text := body(t, got[0].Raw); !strings.Contains(text, "keepwarm 无法读取这封邮件：请在邮件客户端里打开") || strings.Contains(text, "could not read") {
		t.Errorf("the Chinese nudge does not say in Chinese that the mail could not be read:\n%s", text)
	}
}
