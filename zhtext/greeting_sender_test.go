package zhtext

import "testing"

// A queued greeting planned again because its owner's greetings now go
// from another mailbox, and greetings not sent because the mailbox's login
// may not send as its owner, say so in Chinese, the names kept.
func TestGreetingSenderReasonsInChinese(t *testing.T) {
	for msg, want := range map[string]string{
		`lily@x.example's greetings now go from mailbox "lily" as lily@x.example, not from mailbox "sales" as sales@x.example when this one was queued: it is planned again from "lily", if its day allows`:                                 "lily@x.example 的问候现在从邮箱“lily”以 lily@x.example 发出，不再是排队时的邮箱“sales”（sales@x.example）：改从“lily”重新安排（当天还来得及的话）。",
		`greetings and letters go from lily@x.example, the owner's address, which mailbox "lily" (login lily.chen@y.example) cannot send as: add it to send_as on that [[mailbox]] in the config (if its server lets the login send as it)`: "问候和月度邮件从负责人的地址 lily@x.example 发出，但邮箱“lily”（登录名 lily.chen@y.example）不能以它发信：请在配置里这个 [[mailbox]] 的 send_as 中加上它（如果邮件服务器允许这个登录名以它发信）。",
	} {
		if got := Err(msg); got != want {
			t.Errorf("%s\ngot  %s\nwant %s", msg, got, want)
		}
	}
}
