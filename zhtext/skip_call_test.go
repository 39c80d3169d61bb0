package zhtext_test

import (
	"testing"

	"keepwarm/zhtext"
)

// Skip pressed on a call step at the instant the tick made its call is
// refused; the refusal reads in Chinese, as its neighbours do.
func TestSkipOfACallMadeMeanwhileReadsInChinese(t *testing.T) {
	en := "step 2 of enrollment 7 was done meanwhile: its call task 12 is made; nothing was skipped"
	want := "第 2 步（跟进序列 7）刚刚已经完成：它的电话任务（任务 12）已经建立：没有跳过任何步骤。"
	if got := zhtext.Err(en); got != want {
		t.Fatalf("%q:\n got %q\nwant %q", en, got, want)
	}
}
