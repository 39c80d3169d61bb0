package web

import "keepwarm/zhtext"

// Why a follow-up step was not sent in a thread's own words (its
// register, its language), and a template in a language keepwarm writes
// no opening in, in Chinese.
func init() {
	zhtext.Add(
		pat(`the mail followed up writes "(.*)" to (\S+), (\S+) says "(.*)": not sent in a register the customer is not written to \(write it yourself, or change the text\)`,
			"被跟进的邮件对 %[2]s 用的是「%[1]s」，%[3]s 写的是「%[4]s」：突然改变称呼会让客户看出是模板，未发送（请自己写，或修改文字）"),
		pat(`the thread is in (\S+) and there is no (\S+): not sent in another language \(add one, or list "(.*)" in sequences\.english_for to send the English one\)`,
			"这个会话用的是 %[1]s，但没有 %[2]s：不用另一种语言发送（请添加该模板，或在 sequences.english_for 中列出「%[3]s」以发送英文版）"),
		pat(`no salutation for language "(.*)": write the opening in the template`,
			"没有「%s」语言的称呼：请在模板里自己写开头"),
	)
}
