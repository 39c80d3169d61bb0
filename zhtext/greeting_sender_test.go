package zhtext

import "testing"

// A queued greeting planned again because its owner's greetings now go
// from another mailbox says so in Chinese, the names kept.
func TestGreetingSenderReasonsInChinese(t *testing.T) {
	for msg, want := range map[string]string{
		`lily@x.example's greetings now go from mailbox "lily" as lily@x.example, not from mailbox "sales" as sales@x.example when this one was queued: it is planned again from "lily", if its day allows`: "lily@x.example 的问候现在从邮箱“lily”以 lily@x.example 发出，不再是排队时的邮箱“sales”（sales@x.example）：改从“lily”重新安排（当天还来得及的话）。",
	} {
		if got := Err(msg); got != want {
			t.Errorf("%s\ngot  %s\nwant %s", msg, got, want)
		}
	}
}
