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
