package sequences

import (
	"strings"
	"testing"
)

// A mailbox whose sync stopped on a fault in keepwarm's own code is
// listed with what to do (tell the administrator), in Chinese too, not as
// a failure `keepwarm check` would say how to fix.
func TestDigestMailboxStoppedOnAFault(t *testing.T) {
	for lang, want := range map[string]string{
		"":   "mailbox lily, since Fri 4 Dec 15:05: keepwarm stopped reading it on a fault in its own code (mailsync: lily: panic: runtime error); tell your administrator: keepwarm's log holds what to report",
		"zh": "邮箱 lily，12月4日 周五 15:05 起：keepwarm 自身出错，停止读取这个邮箱（mailsync: lily: panic: runtime error）；请告诉管理员：keepwarm 的日志里有要报告的内容",
	} {
		d := zhDigest(lang)
		d.Mailboxes[0].Problem, d.Mailboxes[0].Fault = "mailsync: lily: panic: runtime error", true
		if text := d.Text(); !strings.Contains(text, want) {
			t.Errorf("digest %q lacks %q:\n%s", lang, want, text)
		}
	}
}
