package zhtext

import "testing"

// The last look's skip of a mail that greets someone it no longer goes
// to, done again for those left, is in Chinese: why each was dropped, whom
// the mail greets or its opening as written, and for whom it is done again.
func TestSkipOfAMailGreetingSomeoneDroppedInChinese(t *testing.T) {
	for en, want := range map[string]string{
		"enrollment 5: anna@buyer.de (bounced) before the send, and the mail greets anna@buyer.de: the step is done again for hans@buyer.de":                                                      "跟进序列 5：发送前发现 anna@buyer.de（已退信）不能再写信；邮件称呼的是 anna@buyer.de，所以这一步已为 hans@buyer.de 重新处理。",
		`enrollment 5: ute@buyer.de (bounced), eva@buyer.de (opted-out) before the send, and the mail opens "Dear Hans, Ute and Eva": the step is done again for hans@buyer.de, einkauf@buyer.de`: "跟进序列 5：发送前发现 ute@buyer.de（已退信）、eva@buyer.de（已退订）不能再写信；邮件开头是“Dear Hans, Ute and Eva”，称呼了不再收到它的人，所以这一步已为 hans@buyer.de, einkauf@buyer.de 重新处理。",
		`enrollment 7: li@buyer.cn (left the company) before the send, and the mail opens "尊敬的王总、李经理及各位": the step is done again for wang@buyer.cn`:                                               "跟进序列 7：发送前发现 li@buyer.cn（已离职）不能再写信；邮件开头是“尊敬的王总、李经理及各位”，称呼了不再收到它的人，所以这一步已为 wang@buyer.cn 重新处理。",
		`enrollment 7: li@buyer.cn (bounced) before the send, and the mail opens "Hi \"Li\" and team": the step is done again for wang@buyer.cn`:                                                  "跟进序列 7：发送前发现 li@buyer.cn（已退信）不能再写信；邮件开头是“Hi \"Li\" and team”，称呼了不再收到它的人，所以这一步已为 wang@buyer.cn 重新处理。",
	} {
		if got := Err(en); got != want {
			t.Errorf("%s\ngot  %s\nwant %s", en, got, want)
		}
	}
}
