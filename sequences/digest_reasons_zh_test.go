package sequences

import (
	"strings"
	"testing"

	"keepwarm/zhtext"
)

// A digest in Chinese writes keepwarm's own reasons in Chinese, with the
// table the desk shows them with: a greeting held while its sender is
// away, a follow-up step not sent; the English digest keeps them as they
// are.
func TestDigestReasonsInChinese(t *testing.T) {
	held := "lily@team.example is away (desk) until Fri 24 Dec 09:00: the greeting waits until they are back"
	notSent := "held: not sent, as keepwarm cannot find or read this mailbox's Sent folder: no folder with \\Sent"
	for _, lang := range []string{"zh", "en"} {
		d := zhDigest(lang)
		d.translate = zhtext.Err
		d.Greetings[0].Status, d.Greetings[0].Reason = greetingAwayHeld, held
		d.NotSent[0].LastError = notSent
		text := d.Text()
		if lang == "en" {
			if !strings.Contains(text, held) || !strings.Contains(text, notSent) {
				t.Errorf("the English digest's reasons:\n%s", text)
			}
			continue
		}
		for _, want := range []string{"lily@team.example 不在（工作台登记），到 12月24日（周五）09:00 为止：问候等其回来再发。", "暂缓发送：keepwarm 找不到或无法读取此邮箱的“已发送”文件夹，所以未发送：no folder with \\Sent"} {
			if !strings.Contains(text, want) {
				t.Errorf("the Chinese digest lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "is away") || strings.Contains(text, "cannot find or read") {
			t.Errorf("the Chinese digest keeps English reasons:\n%s", text)
		}
	}
}
