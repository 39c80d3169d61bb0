package zhtext

import "testing"

// A person's Skip of a failed follow-up's held mail, its step put back,
// says so in Chinese, the address and the step kept.
func TestSkipOfAHeldMailPutBackInChinese(t *testing.T) {
	got := Err("skipped by lily@seller.example (step 1 is done again when the follow-up is resumed)")
	want := "已由 lily@seller.example 跳过（恢复跟进后第 1 步将重新处理）"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The Skip of a step whose mail queued before went is refused in Chinese,
// the numbers kept and the status in Chinese.
func TestSkipOfAStepDoneByItsOlderMailInChinese(t *testing.T) {
	got := Err("step 2 of enrollment 7 is done already: its mail queued before (outbox 31) is sent: nothing was skipped")
	want := "第 2 步（跟进序列 7）已经完成：它此前排队的邮件（待发邮件 31）已是「已发送」：没有跳过任何步骤。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The Skip of a step whose mail queued before is in Drafts is refused in
// Chinese, saying to delete the draft if it should not go.
func TestSkipOfAStepDraftedByItsOlderMailInChinese(t *testing.T) {
	got := Err("step 2 of enrollment 7 is done already: its mail queued before (outbox 31) is drafted: nothing was skipped; it is in Drafts: delete the draft if it should not go")
	want := "第 2 步（跟进序列 7）已经完成：它此前排队的邮件（待发邮件 31）已存入草稿箱：没有跳过任何步骤；如不该发出，请删除该草稿。"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
