package web_test

import (
	"strings"
	"testing"

	"keepwarm/web"
)

// A step counted from when the previous step's mail went out, and a step
// done again in a more careful mode, read in Chinese on a Chinese desk,
// the day too: only the figures are left.
func TestStepCountedFromSendAndModeChangeInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 3 counts from when step 2's mail went out (Mon 7 Dec 09:12), not from when it was due": "第 3 步从第 2 步的邮件实际发出时（12月7日（周一）09:12）起计时，不从它原定的时间起计时",
		"step 2: the mode is now draft; done again in that mode":                                     "第 2 步：模式已改为「存为草稿」；按这个模式重新处理",
		"step 2: the mode is now dry-run; done again in that mode":                                   "第 2 步：模式已改为「试运行」；按这个模式重新处理",
	} {
		got := zh.Err(msg)
		if got != want {
			t.Errorf("%q in Chinese: %q, want %q", msg, got, want)
		}
		if strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}
